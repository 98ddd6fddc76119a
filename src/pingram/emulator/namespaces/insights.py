"""``insights_query_insights``: metrics made up but stable: the same query over the same
range always gives the same series (values derived from a hash of the query and time)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from typing import Any, Dict, Optional, Tuple

from .._common import ApiError, Call, iso, parse_time
from .._registry import handler
from .._store import Store

#: The data points one series may hold before it is cut (``PartialData``).
MAX_DATAPOINTS = 1440
DEFAULT_PERIOD = 300
_METRIC_ID = re.compile(r"^[a-z][A-Za-z0-9_]*$")


@handler
def insights_query_insights(store: Store, call: Call) -> Any:
    data = call.data
    start = parse_time(str(data["StartTime"]), "StartTime")
    end = parse_time(str(data["EndTime"]), "EndTime")
    if end <= start:
        raise ApiError(400, "`EndTime` must be later than `StartTime`")
    queries = data["MetricDataQueries"]
    if not queries:
        raise ApiError(400, "`MetricDataQueries` must hold at least one query")
    seen = set()
    for query in queries:
        query_id = query.get("Id")
        if not isinstance(query_id, str) or not _METRIC_ID.match(query_id):
            raise ApiError(
                400,
                f"Every query needs an `Id` of letters, digits and underscores starting "
                f"with a lowercase letter, got {query_id!r}",
            )
        if query_id in seen:
            raise ApiError(400, f"Query id {query_id!r} is used twice")
        seen.add(query_id)
        if (query.get("Expression") is None) == (query.get("MetricStat") is None):
            raise ApiError(
                400, f"Query {query_id!r} needs exactly one of `Expression` and `MetricStat`"
            )
    descending = data.get("ScanBy", "TimestampDescending") != "TimestampAscending"
    budget = data.get("MaxDatapoints")
    results = []
    for query in queries:
        if query.get("ReturnData") is False:
            continue
        result, used = _metric_result(query, start, end, descending, budget)
        if budget is not None:
            budget = max(0, budget - used)
        results.append(result)
    return results


def _metric_result(
    query: Dict[str, Any],
    start: datetime,
    end: datetime,
    descending: bool,
    budget: Optional[float],
) -> Tuple[Dict[str, Any], int]:
    """One ``MetricDataResult``: deterministic values for the query's series, and its size."""
    stat = query.get("MetricStat") or {}
    metric = stat.get("Metric") or {}
    name = metric.get("MetricName") or query.get("Expression") or query["Id"]
    dimensions = sorted(f"{d.get('Name')}={d.get('Value')}" for d in metric.get("Dimensions") or [])
    period = int(stat.get("Period") or query.get("Period") or DEFAULT_PERIOD)
    if period < 1:
        raise ApiError(400, f"Query {query['Id']!r}: `Period` must be at least 1 second")
    statistic = stat.get("Stat") or "Sum"
    count = int((end - start).total_seconds() // period) or 1
    cap = MAX_DATAPOINTS if budget is None else min(MAX_DATAPOINTS, int(budget))
    partial = count > cap
    moments = [start + timedelta(seconds=period * index) for index in range(min(count, cap))]
    if descending:
        moments.reverse()
    seed = "|".join([str(metric.get("Namespace")), str(name), *dimensions, statistic])
    values = [_metric_value(seed, moment, statistic) for moment in moments]
    result: Dict[str, Any] = {
        "Id": query["Id"],
        "Label": query.get("Label") or str(name),
        "Timestamps": [iso(moment) for moment in moments],
        "Values": values,
        "StatusCode": "PartialData" if partial else "Complete",
        "Messages": [],
    }
    if partial:
        result["Messages"] = [
            {"Code": "MaxDatapointsExceeded", "Value": f"Only {len(moments)} of {count} points"}
        ]
    return result, len(moments)


def _metric_value(seed: str, moment: datetime, statistic: str) -> float:
    """A plausible, stable value for one data point: the same query gives the same data."""
    digest = hashlib.sha256(f"{seed}|{int(moment.timestamp())}".encode()).digest()
    number = int.from_bytes(digest[:4], "big")
    if statistic in ("Sum", "SampleCount"):
        return float(number % 50)
    if statistic == "Average":
        return round((number % 1000) / 100, 2)
    return float(number % 20)

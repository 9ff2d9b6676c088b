"""Scale domains written into a chart spec from its own data.

Streamlit draws a Vega-Lite chart before it inserts the data, so every scale Vega has to compute
from the data starts over zero rows and the browser console fills with "Infinite extent"
warnings. A spec whose position scales name their domain needs no such computation; the numbers
come from the same rows the chart draws.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

__all__ = ["pin_domains"]

Row = Mapping[str, Any]
# Fields the builders compute in Vega (transform_calculate) rather than carry in the data.
CALCULATED = {"usual": lambda r: float(r.get("amount") or 0) - float(r.get("one_off") or 0)}


def _value(row: Row, field: str) -> Any:
    calc = CALCULATED.get(field)
    return calc(row) if calc else row.get(field)


def _datetime(text: str) -> dict[str, Any]:
    """An ISO date or hour as a Vega-Lite DateTime in UTC."""
    at = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return {"year": at.year, "month": at.month, "date": at.day, "hours": at.hour, "utc": True}


def _stacked(rows: Sequence[Row], field: str, by: str) -> list[float]:
    sums: dict[Any, float] = defaultdict(float)
    for row in rows:
        sums[row.get(by)] += float(_value(row, field) or 0)
    return list(sums.values())


def _domain(enc: Mapping[str, Any], y2: Mapping[str, Any] | None, rows: Sequence[Row],
            along: str | None) -> list[Any] | None:
    field = enc.get("field")
    if not field or not rows:
        return None
    if enc.get("type") == "temporal":
        stamps = sorted(str(r[field]) for r in rows if r.get(field))
        return [_datetime(stamps[0]), _datetime(stamps[-1])] if stamps else None
    if enc.get("stack") is not None and along:
        values = [*_stacked(rows, field, along), 0.0]
    else:
        values = [float(v) for r in rows if (v := _value(r, field)) is not None]
        if y2 and y2.get("field"):
            values += [float(r[y2["field"]]) for r in rows if r.get(y2["field"]) is not None]
    if not values:
        return None
    low, high = min(values), max(values)
    if enc.get("type") == "quantitative" and field not in ("day",):
        low = min(low, 0.0)  # money axes start at zero
    return [low, high if high > low else low + 1]


def _encodings(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield spec
    for layer in spec.get("layer", []):
        yield from _encodings(layer)


def _union(domains: list[list[Any]]) -> list[Any]:
    if isinstance(domains[0][0], dict):  # DateTimes: compare as tuples
        key = lambda d: (d["year"], d["month"], d["date"], d["hours"])  # noqa: E731
        return [min((d[0] for d in domains), key=key), max((d[1] for d in domains), key=key)]
    return [min(d[0] for d in domains), max(d[1] for d in domains)]


def _position(part: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str | None,
                                                      dict[str, Any] | None]]:
    enc = part.get("encoding", {})
    for channel, other in (("x", "y"), ("y", "x")):
        e = enc.get(channel)
        if not isinstance(e, dict) or e.get("type") not in ("quantitative", "temporal"):
            continue
        if "scale" in e and (e["scale"] is None or "domain" in e["scale"]):
            continue
        yield channel, e, (enc.get(other) or {}).get("field"), enc.get(channel + "2")


def pin_domains(spec: dict[str, Any], rows: Sequence[Row]) -> dict[str, Any]:
    """`spec` (a Vega-Lite dict) with every data-driven x/y scale given its domain: one domain
    per channel, the union over the layers (layers share their scales)."""
    found: dict[str, list[list[Any]]] = defaultdict(list)
    todo: list[tuple[str, dict[str, Any]]] = []
    for part in _encodings(spec):
        for channel, e, along, second in _position(part):
            domain = _domain(e, second, rows, along)
            if domain is not None:
                found[channel].append(domain)
                todo.append((channel, e))
    for channel, e in todo:
        e["scale"] = {**(e.get("scale") or {}), "domain": _union(found[channel])}
    return spec

"""Hostile input to the FOCUS cost exporter's sources: compressed bodies cut short or corrupt (a failed poll, the
last snapshot kept: never a smaller bill), and text no label and no table may carry (a NUL character, a lone
surrogate from a JSON escape) in files, API JSON and FocusConfig lists (the cell is lost and counted)."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Any

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from aiohttp import web

from exporters.base import Poller
from exporters.focus_cost.collector import Snapshot
from exporters.focus_cost.config import Columns, GenericConfig, SourceConfig, SourceMode
from exporters.focus_cost.source import FocusCostSource
from finops.errors import SourceError
from tests.exporters.focus_cost.conftest import Api, focus_csv

ENCODED = {"Content-Type": "text/csv", "Content-Encoding": "gzip"}


def _source(url: str, **kw: Any) -> FocusCostSource:
    return FocusCostSource(SourceConfig(name="t", url=url, **kw))


def _labels(snapshot: Snapshot) -> list[str]:
    return [value for series in snapshot.series for _, value in series.labels]


def _flip(data: bytes) -> bytes:
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0xFF
    return bytes(flipped)


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        # the stream's deflate data complete but its trailer missing: aiohttp's decoder took 5 rows as the bill
        (gzip.compress(focus_csv(5).encode())[:-8], ENCODED, "truncated gzip"),
        (_flip(gzip.compress(focus_csv(200).encode())), ENCODED, "corrupt gzip"),
        (zlib.compress(focus_csv(5).encode())[:-4], {**ENCODED, "Content-Encoding": "deflate"}, "truncated deflate"),
        (b"\x0b\x03\x80abc\x03", {**ENCODED, "Content-Encoding": "br"}, "unsupported Content-Encoding"),
        # a gzip file (no Content-Encoding) with something after its end
        (gzip.compress(focus_csv(5).encode()) + b"garbage", {"Content-Type": "application/gzip"}, "corrupt gzip"),
        (gzip.compress(b"x" * 100_000), ENCODED, "after decompression"),  # beyond max_body_bytes once decoded
    ],
    ids=["gzip-without-trailer", "gzip-corrupt", "deflate-cut", "brotli", "gzip-file-trailing-bytes", "bomb"],
)
async def test_a_compressed_body_cut_short_or_corrupt_fails_the_poll(
    api: Api, body: bytes, headers: dict[str, str], message: str
) -> None:
    state: dict[str, Any] = {"body": gzip.compress(focus_csv(10).encode()), "headers": ENCODED}
    api.route("/c", lambda _r: web.Response(body=state["body"], headers=state["headers"]))
    source = _source(api.base + "/c", max_body_bytes=60_000)
    poller: Poller[Snapshot] = Poller("t", source.fetch, initial=source.empty(), interval=60)
    assert await poller.poll_once()
    good = poller.snapshot
    assert good.counts["rows"] == 10
    state.update(body=body, headers=headers)
    assert not await poller.poll_once()
    assert poller.snapshot is good
    assert poller.status.last_error is not None and message in poller.status.last_error


async def test_gzip_and_deflate_content_encodings_are_asked_for_and_undone(api: Api) -> None:
    data = focus_csv(3).encode()
    bodies = {"/g": (gzip.compress(data), "gzip"), "/d": (zlib.compress(data), "deflate"), "/p": (data, None)}
    for path, (body, encoding) in bodies.items():
        headers = {"Content-Type": "text/csv", **({"Content-Encoding": encoding} if encoding else {})}

        def encoded(_r: web.Request, b: bytes = body, h: dict[str, str] = headers) -> web.Response:
            return web.Response(body=b, headers=h)

        api.route(path, encoded)
        snapshot = await _source(api.base + path).fetch()
        assert snapshot.counts["rows"] == 3
    assert {r.headers["Accept-Encoding"] for r in api.requests} == {"gzip, deflate"}


async def test_a_truncated_or_corrupt_parquet_body_fails_the_poll(api: Api) -> None:
    table = pa_csv.read_csv(io.BytesIO(focus_csv(50).encode()))
    sink = io.BytesIO()
    pq.write_table(table, sink, write_page_checksum=True)
    whole = sink.getvalue()
    first_page = whole.index(b"acct-1")  # inside the first data page of BillingAccountId
    corrupt = whole[:first_page] + b"acct-9" + whole[first_page + 6 :]
    for body in (whole[: len(whole) // 2], corrupt):

        def parquet(_r: web.Request, b: bytes = body) -> web.Response:
            return web.Response(body=b, content_type="application/vnd.apache.parquet")

        api.route("/p", parquet)
        with pytest.raises(SourceError, match="Parquet"):
            await _source(api.base + "/p").fetch()


# --- text no label and no table may carry -------------------------------------------------------------------


async def test_a_nul_in_a_file_cell_is_lost_and_counted_not_exposed(tmp_path: Path) -> None:
    text = focus_csv(3).replace("VM hour 1", "VM\x00hour").replace("Virtual Machines", "Virtual\x00Machines", 1)
    path = tmp_path / "nul.csv"
    path.write_text(text, encoding="utf-8")
    layout = SourceConfig(name="f", path=str(path), columns=Columns.ALL)
    snapshot = await FocusCostSource(layout).fetch()
    assert snapshot.counts["rows"] == 3
    assert snapshot.counts["parse_errors"] == 2
    assert all("\x00" not in value for value in _labels(snapshot))
    descriptions = sorted(dict(s.labels).get("charge_description", "-") for s in snapshot.series)
    assert descriptions == ["-", "VM hour 0", "VM hour 2"]


def _json_rows(n: int) -> list[dict[str, Any]]:
    lines = list(__import__("csv").DictReader(io.StringIO(focus_csv(n))))
    return [dict(r, Tags=json.loads(r["Tags"]), BilledCost=float(r["BilledCost"])) for r in lines]


@pytest.mark.parametrize(
    "change",
    [
        {"ServiceName": "Virtual\x00Machines"},
        {"ServiceName": "Virtual\ud800Machines"},  # a lone surrogate: "\\ud800" in the JSON text
        {"Tags": {"env": "pr\x00od"}},
        {"Tags": {"e\x00nv": "prod"}},
        {"x_Team": "a\x00b"},
    ],
    ids=["nul", "lone-surrogate", "nul-in-json-value", "nul-in-json-key", "nul-in-custom-column"],
)
async def test_unstorable_text_in_api_json_is_lost_and_counted(api: Api, change: dict[str, Any]) -> None:
    rows = _json_rows(2)
    rows[0].update(change)
    body = json.dumps({"value": rows}).encode()  # ensure_ascii: NUL and surrogates travel as \\u escapes
    api.route("/j", lambda _r: web.Response(body=body, content_type="application/json"))
    snapshot = await _source(api.base + "/j", columns=Columns.ALL).fetch()
    assert snapshot.counts["rows"] == 2 and snapshot.counts["series"] == 2
    assert snapshot.counts["parse_errors"] == 1
    for value in _labels(snapshot):
        assert "\x00" not in value
        value.encode("utf-8")  # no lone surrogate either


async def test_focus_config_lists_with_unstorable_text_or_decimals(api: Api) -> None:
    rows = _json_rows(2)
    items = []
    for row in rows:
        spec = {k[:1].lower() + k[1:]: v for k, v in row.items() if k != "Tags"}
        spec["tags"] = [{"key": "env", "value": "prod"}]
        spec["skuPriceDetails"] = [{"key": "x_Rate", "value": 1.5}]  # a number: read as Decimal from the JSON
        items.append({"spec": {"focusSpec": spec}})
    items[1]["spec"]["focusSpec"]["serviceName"] = "Virtual\x00Machines"
    body = json.dumps({"kind": "FocusConfigList", "items": items}).encode()
    api.route("/k", lambda _r: web.Response(body=body, content_type="application/json"))
    snapshot = await _source(api.base + "/k", columns=Columns.ALL).fetch()
    assert snapshot.counts["series"] == 2
    assert snapshot.counts["parse_errors"] == 1
    labels = [dict(s.labels) for s in snapshot.series]
    assert all("\x00" not in v for one in labels for v in one.values())
    assert {one["sku_price_details"] for one in labels} == {'{"x_Rate":1.5}'}  # a number, as the CSV path gives


async def test_generic_rows_with_unstorable_text_are_skipped_and_counted(api: Api) -> None:
    body = json.dumps([{"name": "a", "value": 1}, {"name": "b\x00", "value": 2}, {"name": "c", "value": 3}])
    api.route("/g", lambda _r: web.Response(body=body.encode(), content_type="application/json"))
    source = _source(api.base + "/g", mode=SourceMode.GENERIC, generic=GenericConfig("things", "value"))
    snapshot = await source.fetch()
    assert snapshot.counts["series"] == 2 and snapshot.counts["parse_errors"] == 1
    assert sorted(dict(s.labels)["name"] for s in snapshot.series) == ["a", "c"]

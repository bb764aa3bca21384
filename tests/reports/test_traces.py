"""Reading a real usage trace for the rightsizing replay: a well-formed CSV comes back sample for sample, and every
malformed one is refused with an error naming the problem (a replay on half-read data would publish wrong rates)."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from finops.errors import BadInputError
from reports import traces

HEADER = ["vm_id", "timestamp", "cpu_percent", "memory_used_bytes", "network_bytes", "size", "vcpus", "memory_gib"]


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_a_csv_trace_reads_back_sample_for_sample(tmp_path: Path) -> None:
    source = traces.synthetic(3, days=2, seed=7)
    rows = []
    for trace in source:
        for i, t in enumerate(trace.times):
            assert trace.memory_used_bytes is not None and trace.network_bytes is not None
            # alternate Unix seconds and ISO 8601 (with and without an offset: naive is UTC)
            stamp = repr(float(t)) if i % 3 == 0 else datetime.fromtimestamp(t, UTC).isoformat() if i % 3 == 1 \
                else datetime.fromtimestamp(t, UTC).replace(tzinfo=None).isoformat()
            rows.append([trace.vm_id, stamp, repr(float(trace.cpu_percent[i])),
                         repr(float(trace.memory_used_bytes[i])), repr(float(trace.network_bytes[i])), trace.size,
                         f"{trace.vcpus:g}", f"{trace.memory_gib:g}"])
    random.Random(1).shuffle(rows)  # readings need not be sorted
    got = traces.read_csv(write(tmp_path / "trace.csv", rows))
    assert [t.vm_id for t in got] == [t.vm_id for t in source]
    for want, have in zip(source, got, strict=True):
        assert (have.size, have.vcpus, have.memory_gib) == (want.size, want.vcpus, want.memory_gib)
        for name in ("times", "cpu_percent", "memory_used_bytes", "network_bytes"):
            np.testing.assert_array_equal(getattr(have, name), getattr(want, name), err_msg=name)
        assert traces.stats(have) == traces.stats(want)


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", [["a", "600", "10"], ["a", "0", "20"]], HEADER[:3])
    (trace,) = traces.read_csv(path)
    assert list(trace.times) == [0.0, 600.0] and list(trace.cpu_percent) == [20.0, 10.0]
    assert trace.memory_used_bytes is None and trace.network_bytes is None
    assert (trace.size, trace.vcpus, trace.memory_gib) == ("D4s v4", 4.0, 16.0)


GOOD = ["vm1", "0", "10", "1000", "50", "D2s v4", "2", "8"]


def row(**changes: str) -> list[str]:
    values = dict(zip(HEADER, GOOD, strict=True))
    values.update(changes)
    return list(values.values())


@pytest.mark.parametrize(("rows", "header", "message"), [
    ([], HEADER, "no samples"),
    ([row()], ["vm_id", "time", "cpu_percent"], "missing column.*timestamp"),
    ([row(cpu_percent="abc")], HEADER, "line 2: cpu_percent 'abc' is not a number"),
    ([row(cpu_percent="")], HEADER, "line 2: cpu_percent '' is not a number"),
    ([row(cpu_percent="nan")], HEADER, "cpu_percent 'nan' is not a finite number in \\[0, 100\\]"),
    ([row(cpu_percent="150")], HEADER, "cpu_percent '150' is not a finite number in \\[0, 100\\]"),
    ([row(cpu_percent="-1")], HEADER, "cpu_percent '-1'"),
    ([row(memory_used_bytes="inf")], HEADER, "memory_used_bytes 'inf'"),
    ([row(vcpus="0")], HEADER, "vcpus '0' is not a finite number > 0"),
    ([row(timestamp="yesterday")], HEADER, "timestamp 'yesterday' is neither Unix seconds nor ISO 8601"),
    ([row(timestamp="inf")], HEADER, "timestamp 'inf' is not finite"),
    ([row(vm_id=" ")], HEADER, "empty vm_id"),
    ([row(), row(timestamp="0")], HEADER, "two samples at the same timestamp"),
    ([row(), row(timestamp="300", vcpus="4")], HEADER, "vcpus changes within the trace"),
    ([row(), row(timestamp="300", memory_used_bytes="")], HEADER, "memory_used_bytes given on some rows"),
    ([row()[:5]], HEADER, "line 2: 8 columns expected"),
    ([[*row(), "extra"]], HEADER, "line 2: 8 columns expected"),
])
def test_malformed_traces_are_refused_with_the_problem(tmp_path: Path, rows: list[list[str]], header: list[str],
                                                       message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        traces.read_csv(write(tmp_path / "bad.csv", rows, header))


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00v\x00m", b"vm_id,timestamp,cpu_percent\nvm1,0,1\x00\n"])
def test_empty_binary_and_nul_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(BadInputError):
        traces.read_csv(path)

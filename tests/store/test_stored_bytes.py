"""The stored text of the bench's hazards (bench/reports.py) is byte for byte what it was before the
faster encoders (codec's per-type `_ENCODERS`, `_encode_record`'s field lists): a digest of every row
of the hazard tables after `Ledger.import_hazards`, taken with the encoders they replaced."""

from __future__ import annotations

import hashlib
import importlib.util
import random
from pathlib import Path

import hazardflow as hf

BENCH = Path(__file__).parents[2] / "bench"
_spec = importlib.util.spec_from_file_location("bench_reports", BENCH / "reports.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)  # not as ``reports``: tests/reports is that package
_spec.loader.exec_module(bench)

TABLES = {"hazards": "id", "plans": "hazard_id", "listings": "hazard_id", "reports": "hazard_id, seq",
          "events": "hazard_id, seq"}
DIGEST = "a2797f3df78c2dbf5ce60e470f7e54edff35fb5f2c759c2746ebe55698be7569"


def test_the_bench_hazards_are_stored_as_the_same_bytes() -> None:
    rng = random.Random(1)
    with hf.Ledger("sqlite://", synchronous="NORMAL") as ledger:
        ledger.import_hazards([bench.hazard(i, rng) for i in range(400)], by=bench.CLERK, per=150)
        digest = hashlib.sha256()
        with ledger.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            cursor = raw.cursor()
            for table, order in TABLES.items():
                cursor.execute(f"SELECT * FROM {table} ORDER BY {order}")
                for row in cursor.fetchall():
                    digest.update(repr(tuple(row)).encode())
        assert ledger.verify_chain() == []
    assert digest.hexdigest() == DIGEST

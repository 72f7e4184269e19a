"""Accepted quality hits (false positives) are handled marks: they survive re-imports and stop counting."""

from desktop_app.core.importers.registry import load_file
from desktop_app.core.store import Store, compute_range
from desktop_app.core.model.settings import DEFAULT_SETTINGS

import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

from test_quality import A, t, write_chat

ROWS = [
    (t("10:00:00"), "买家1", A, "买家", "这个怎么用", "0"),
    (t("10:00:05"), "买家1", A, "客服", "您好，不知道", "0"),  # banned: the false positive we accept
    (t("11:00:00"), "买家2", A, "买家", "这个怎么用", "0"),
    (t("11:00:05"), "买家2", A, "客服", "您好，没办法", "0"),  # banned: stays
]
SETTINGS = DEFAULT_SETTINGS.replace(quality_rules=("banned_words",))


def test_accepted_hit_survives_reimport(tmp_path):
    with Store(tmp_path / "q.sqlite3") as store:
        store.import_result(load_file(write_chat(tmp_path / "mon.csv", ROWS)))
        r = compute_range(store, settings=SETTINGS)
        hits = r.quality.hits
        assert len(hits) == 2 and not hits["accepted"].any()
        first = hits.loc[hits["text"] == "您好，不知道", "hit_id"].iloc[0]
        store.set_handled("quality", "", first, note="顾客问的是别的店")
        # the same chat exported again (plus a new day) and imported on top
        again = ROWS + [("2026-11-17 09:00:00", "买家3", A, "买家", "在吗", "0"),
                        ("2026-11-17 09:00:05", "买家3", A, "客服", "您好，随便", "0")]
        store.import_result(load_file(write_chat(tmp_path / "tue.csv", again)))
        r2 = compute_range(store, settings=SETTINGS)
        h2 = r2.quality.hits.set_index("hit_id")
        assert len(h2) == 3
        assert h2.loc[first, "accepted"] and h2.loc[first, "note"] == "顾客问的是别的店"
        assert int(h2["accepted"].sum()) == 1
        agent = r2.quality.agents.set_index("agent").loc[A]
        # 3 hits found, 1 accepted: 2 count; 买家1's conversation is clean now
        assert agent["hits"] == 2 and agent["hits_banned_words"] == 2
        assert agent["clean_conversations"] == 1  # 买家1 is clean now; 买家2 and 买家3 are not
        row = r2.agents.set_index("agent").loc[A]
        assert row["quality_hits"] == 2
        # un-accept: counts again
        store.set_handled("quality", "", first, handled=False)
        store.apply_handled(r2)
        assert r2.quality.agents.set_index("agent").loc[A, "hits"] == 3

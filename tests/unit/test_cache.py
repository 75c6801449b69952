import sqlite3

import pytest

from translate.cache import SCHEMA_VERSION, Alignment, Cache, CacheError


def one_piece(text: str, target: str) -> tuple[str, str, Alignment]:
    return text, target, Alignment(((0, len(text)),), ((0, len(target)),))


def test_round_trip_and_engines_never_share_entries(tmp_path):
    with Cache(tmp_path) as cache:
        cache.store("e1", {"Satu.": "One."}, [one_piece("Satu.", "One.")], "m1")
        cache.store("e2", {}, [one_piece("Satu.", "Uno.")], "m2")
        assert cache.pieces("e1", ["Satu.", "Dua."]) == {"Satu.": "One."}
        assert cache.pieces("e2", ["Satu."]) == {}
        got = cache.paragraphs("e1", ["Satu.", "Satu.", "Dua."])
        assert list(got) == ["Satu."]
        assert got["Satu."].translation == "One." and got["Satu."].model == "m1"
        assert got["Satu."].target_pieces() == ["One."]
        assert cache.paragraphs("e2", ["Satu."])["Satu."].translation == "Uno."


def test_survives_reopening_and_copying_elsewhere(tmp_path):
    with Cache(tmp_path / "a") as cache:
        cache.store("e", {}, [one_piece("Satu.", "One.")], "m")
    (tmp_path / "b").mkdir()
    (tmp_path / "b/translations.sqlite").write_bytes(
        (tmp_path / "a/translations.sqlite").read_bytes()
    )
    with Cache(tmp_path / "b") as copy:
        assert copy.paragraphs("e", ["Satu."])["Satu."].translation == "One."


def test_large_lookups_are_chunked(tmp_path):
    texts = [f"Kalimat {i}." for i in range(1200)]
    with Cache(tmp_path) as cache:
        cache.store("e", {t: t.upper() for t in texts}, [], "m")
        assert len(cache.pieces("e", texts)) == 1200


def test_corrupt_file_is_a_clear_error_and_is_left_alone(tmp_path):
    path = tmp_path / "translations.sqlite"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CacheError) as info:
        Cache(tmp_path)
    assert str(path) in str(info.value) and "move the file aside" in str(info.value)
    assert path.read_bytes() == b"this is not sqlite at all" * 100


def test_foreign_sqlite_file_is_refused(tmp_path):
    db = sqlite3.connect(tmp_path / "translations.sqlite")
    db.execute("CREATE TABLE important (x)")
    db.commit()
    db.close()
    with pytest.raises(CacheError, match="not one bireader wrote"):
        Cache(tmp_path)


def test_newer_schema_is_refused(tmp_path):
    with Cache(tmp_path) as cache:
        cache.store("e", {}, [one_piece("Satu.", "One.")], "m")
    db = sqlite3.connect(tmp_path / "translations.sqlite")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    with pytest.raises(CacheError, match="newer bireader"):
        Cache(tmp_path)


def test_wal_mode(tmp_path):
    with Cache(tmp_path) as cache:
        assert cache._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_digest_is_memoised_until_files_change(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    calls = []

    def compute(path):
        calls.append(path)
        return f"d{len(calls)}"

    with Cache(tmp_path / "c") as cache:
        assert cache.digest(model, compute) == "d1"
        assert cache.digest(model, compute) == "d1"
        (model / "config.json").write_text('{"changed": true}')
        assert cache.digest(model, compute) == "d2"
    assert len(calls) == 2


def test_replaced_translations_go_to_history(tmp_path):
    with Cache(tmp_path) as cache:
        cache.store("e", {}, [one_piece("Satu.", "One.")], "m")
        cache.store("e", {}, [one_piece("Satu.", "One.")], "m")  # same text: no new version
        cache.store("e", {}, [one_piece("Satu.", "Uno.")], "m")
        cache.store("e", {}, [one_piece("Satu.", "Eins.")], "m")
        assert cache.paragraphs("e", ["Satu."])["Satu."].translation == "Eins."
        assert [h.translation for h in cache.history("e", "Satu.")] == ["Uno.", "One."]
        assert cache.history("other", "Satu.") == []


def test_version_1_cache_is_migrated_keeping_its_entries(tmp_path):
    db = sqlite3.connect(tmp_path / "translations.sqlite")
    db.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('schema', '1');"
        "CREATE TABLE pieces (engine TEXT NOT NULL, source_hash TEXT NOT NULL,"
        " source TEXT NOT NULL, target TEXT NOT NULL, created REAL NOT NULL,"
        " PRIMARY KEY (engine, source_hash)) WITHOUT ROWID;"
    )
    from translate.hashing import text_hash

    db.execute("INSERT INTO pieces VALUES ('e', ?, 'Satu.', 'One.', 0)", (text_hash("Satu."),))
    db.commit()
    db.close()
    with Cache(tmp_path) as cache:
        assert cache.pieces("e", ["Satu."]) == {"Satu.": "One."}
        cache.store("e", {}, [one_piece("Satu.", "One.")], "m")
        assert cache._schema_version() == SCHEMA_VERSION


def test_engine_keys_by_name_most_recent_first(tmp_path):
    with Cache(tmp_path) as cache:
        cache.register_engine("k1", "org/model", {"a": 1})
        cache.register_engine("k2", "org/model", {"a": 2})
        cache.register_engine("k3", "other", {"a": 3})
        assert cache.engine_keys("org/model") == ["k2", "k1"]

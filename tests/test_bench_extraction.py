"""bench/extraction.py --trafilatura: trafilatura's evaluation pages, scored as its own evaluation does."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import extraction as bench  # bench/ is no package: on the path above


def test_trafilatura_evaluation_pages_are_loaded_and_scored_as_trafilatura_scores_them(tmp_path: Path) -> None:
    (tmp_path / "eval").mkdir()
    (tmp_path / "cache").mkdir()
    (tmp_path / "eval" / "a.html").write_bytes(b"<html><body><p>Kept text here.</p></body></html>")
    (tmp_path / "cache" / "b.html").write_bytes(b"<html><body><p>Other.</p></body></html>")
    index = {
        "https://a.example/story": {
            "file": "a.html",
            "with": ["Kept  text", "Missing"],
            "without": ["Menu"],
            "author": "",
        },
        "hard::b.html": {"file": "b.html", "with": ["Other"], "without": ["Footer"], "author": "Jane Doe"},
        "https://c.example/gone": {"file": "absent.html", "with": ["x"], "without": ["y"]},
    }
    (tmp_path / "evaldata.json").write_text(json.dumps(index), "utf-8")
    pages = bench.load_trafilatura_eval(tmp_path, None)
    assert [page.url for page in pages] == ["https://a.example/story", "hard::b.html"]
    assert pages[0].gold["author"] is None and pages[1].gold["author"] == "Jane Doe"
    outputs = [
        bench.Output(True, "Kept text here. Menu", None, [], None),  # one snippet kept, one missed, boilerplate leaked
        bench.Output(False, "", None, ["Jane Doe"], None),  # no record: no snippet held
    ]
    assert bench._snippet_counts(pages[0], outputs[0].text) == (1, 1, 1, 0)
    measures = bench.trafilatura_eval_measures(pages, outputs)
    assert measures["body snippets precision, trafilatura-eval"] == 0.5
    assert measures["body snippets recall, trafilatura-eval"] == 1 / 3
    assert measures["author F1, trafilatura-eval"] == 1.0  # none given where none is due, and Jane Doe
    assert measures["pages recorded, trafilatura-eval"] == 0.5

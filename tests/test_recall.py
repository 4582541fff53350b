"""Recall and precision on the outsiders' consumer corpora (bench/recall): a floor each must stay above.

The floors sit a little under the figures measured when the rules last changed, so a change that loses
what the rules recognise (or starts flagging the designed look-alikes) fails here.
"""

import json
import os
import sys
from pathlib import Path

import pytest

from bench.score_corpus import findings_of, score

RECALL = Path(__file__).resolve().parent.parent / "bench" / "recall"
FLOORS = {"corpus25": (0.92, 0.97), "corpus25b": (0.84, 0.965), "corpus25c": (0.855, 0.975)}


@pytest.mark.slow
@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_recall_and_precision_stay_above_their_floors(corpus):
    truth = json.loads((RECALL / corpus / "truth.json").read_text())
    apptlint = os.path.join(os.path.dirname(sys.executable), "apptlint")
    found = findings_of(str(RECALL / corpus), apptlint)
    matched, true_found = score(truth, found)
    recall, precision = len(matched) / len(truth), len(true_found) / len(found)
    floor_recall, floor_precision = FLOORS[corpus]
    assert recall >= floor_recall and precision >= floor_precision, (corpus, recall, precision)

"""The pair model's link threshold: chosen on figures cross-validated by incident (summed over
several fixed dealings of the incidents into folds), for the best F0.5
(site_builder/events/fit.py)."""
from __future__ import annotations

from site_builder.events.fit import DEALINGS, FOLDS, choose_link, folds_of, score


def figures(precision: float, recall: float, distractors: int) -> dict:
    return {"pairs": {"precision": precision, "recall": recall},
            "distractor_pairs_merged": distractors}


def test_the_threshold_with_the_best_f_half_is_chosen():
    """Precision weighs twice recall: 0.75 (P 0.99, R 0.84) beats 0.5 (P 0.95, R 0.93), whose
    F1 is higher, and 0.8 (P 1.0, R 0.68), which merges nothing wrong."""
    by_link = {0.5: figures(0.95, 0.93, 5), 0.7: figures(0.97, 0.83, 3),
               0.75: figures(0.99, 0.84, 1), 0.8: figures(1.0, 0.68, 0)}
    assert choose_link(by_link) == 0.75


def test_equal_scores_keep_the_higher_threshold():
    by_link = {0.65: figures(1.0, 0.8, 0), 0.7: figures(1.0, 0.8, 0)}
    assert choose_link(by_link) == 0.7


def test_a_distractor_of_either_labelling_merged_into_an_incident_is_counted():
    """Distractors are D01.. (the e and c files) and AD01.. (the a files); an incident whose id
    merely starts with "A" (A05) or contains a D is none."""
    gold = {"a1": "A05", "a2": "A05", "a3": "AD01", "e1": "E02", "e2": "D03", "c1": "A0D"}
    languages = dict.fromkeys(gold, "en")
    merged = {"a1": "x", "a2": "x", "a3": "x", "e1": "y", "e2": "y", "c1": "z"}
    figures = score(gold, [(merged, set(gold))], languages)
    assert figures["distractor_pairs_merged"] == 3     # a1-a3, a2-a3, e1-e2
    other = {"a1": "x", "a2": "x", "a3": "w", "e1": "y", "e2": "v", "c1": "x"}
    assert score(gold, [(other, set(gold))], languages)["distractor_pairs_merged"] == 0


def test_figures_summed_over_dealings_count_each_gold_pair_once_a_dealing():
    """Two dealings of a perfect linking: recall 1, not 2; one dealing missing a pair: 3/4."""
    gold = {"a": "E1", "b": "E1", "c": "E2", "d": "E2"}
    languages = {"a": "id", "b": "en", "c": "id", "d": "id"}
    perfect = [(dict(gold), {"a", "b"}), (dict(gold), {"c", "d"})]
    figures = score(gold, perfect * 2, languages)
    assert figures["pairs"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert figures["cross_language"] == [2, 2]
    split = {"a": "E1", "b": "E9", "c": "E2", "d": "E2"}
    figures = score(gold, [*perfect, (split, {"a", "b"}), (split, {"c", "d"})], languages)
    assert figures["pairs"]["recall"] == 0.75 and figures["cross_language"] == [1, 2]


def test_each_dealing_puts_every_incident_in_one_fold_and_the_dealings_differ():
    events = [f"E{n:02}" for n in range(40)] + ["D01", "AD02"]
    dealings = [folds_of(events, seed) for seed in DEALINGS]
    for fold in dealings:
        assert set(fold) == set(events) and set(fold.values()) == set(range(FOLDS))
        assert max(list(fold.values()).count(k) for k in range(FOLDS)) <= len(events) // FOLDS + 1
    assert dealings[0] == folds_of(list(reversed(events)), DEALINGS[0])      # deterministic
    assert len({tuple(sorted(fold.items())) for fold in dealings}) == len(DEALINGS)

"""The pair model's link threshold: chosen on figures cross-validated by incident, first to merge
no confusable distractor into an incident, then for the best F0.5 (site_builder/events/fit.py)."""
from __future__ import annotations

from site_builder.events.fit import LINKS, choose_link


def figures(precision: float, recall: float, distractors: int) -> dict:
    return {"pairs": {"precision": precision, "recall": recall},
            "distractor_pairs_merged": distractors}


def test_a_threshold_that_merges_a_distractor_is_not_chosen_for_a_better_score():
    by_link = {0.5: figures(0.97, 0.93, 3), 0.7: figures(0.98, 0.83, 2),
               0.75: figures(1.0, 0.78, 0), 0.8: figures(1.0, 0.68, 0)}
    assert choose_link(by_link) == 0.75


def test_with_every_threshold_merging_a_distractor_the_fewest_merges_win():
    by_link = {0.5: figures(0.95, 0.93, 5), 0.6: figures(0.96, 0.88, 2),
               0.7: figures(0.97, 0.80, 2), 0.8: figures(0.99, 0.60, 4)}
    assert choose_link(by_link) == 0.6


def test_equal_scores_keep_the_higher_threshold():
    by_link = {0.65: figures(1.0, 0.8, 0), 0.7: figures(1.0, 0.8, 0)}
    assert choose_link(by_link) == 0.7


def test_thresholds_above_the_models_decision_point_are_tried():
    assert min(LINKS) == 0.5 and max(LINKS) > 0.7

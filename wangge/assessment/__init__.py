"""Evaluation with rewards and penalties (评价奖惩): indicators, scoring, snapshots, rankings and reports."""

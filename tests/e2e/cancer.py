"""The breast-cancer set-up the pictures and saved-page tests share: widget.png's model."""

from __future__ import annotations

from typing import Any

from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression

import lime_widget as lw


def cancer_explainer() -> tuple[lw.LimeTabularExplainer, Any, Any]:
    """The explainer (named features and classes, seed 0), the data and the fitted model."""
    data = load_breast_cancer()
    model = LogisticRegression(max_iter=5000).fit(data.data, data.target)
    explainer = lw.LimeTabularExplainer(
        data.data,
        feature_names=list(data.feature_names),
        class_names=list(data.target_names),
        random_state=0,
    )
    return explainer, data, model


def widget_explanation() -> lw.Explanation:
    """What widget.png shows (the first row), from ``explain_instance``."""
    explainer, data, model = cancer_explainer()
    return explainer.explain_instance(
        data.data[0], model.predict_proba, num_samples=1000, top_labels=1
    )

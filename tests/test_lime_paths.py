"""lime's import styles run with only the import changed (``lime`` -> ``lime_widget``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

LIME_CODE = """
import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
{imports}
X, y = load_iris(return_X_y=True)
model = LogisticRegression(max_iter=500).fit(X, y)
explainer = {tabular}(X, discretizer="quartile", random_state=0)
exp = explainer.explain_instance(X[0], model.predict_proba, num_features=2, num_samples=300)
sp = {pick}(explainer, X[:20], model.predict_proba, method="full", num_exps_desired=2,
            num_features=2, num_samples=200)
text = {text}(random_state=0)
print(type(exp).__module__.split(".")[0], [round(w, 12) for _, w in exp.as_list()], len(sp.V),
      {disc}.__name__, {image}.__name__, {expl}.__name__)
"""

STYLES = {
    "from lime import lime_tabular": {
        "imports": (
            "from {pkg} import lime_tabular, lime_text, lime_image, submodular_pick, discretize\n"
            "from {pkg} import explanation"
        ),
        "tabular": "lime_tabular.LimeTabularExplainer",
        "text": "lime_text.LimeTextExplainer",
        "pick": "submodular_pick.SubmodularPick",
        "disc": "discretize.QuartileDiscretizer",
        "image": "lime_image.LimeImageExplainer",
        "expl": "explanation.Explanation",
    },
    "import lime; import lime.lime_tabular": {
        "imports": (
            "import {pkg}{alias}\n"
            "import {pkg}.lime_tabular, {pkg}.lime_text, {pkg}.lime_image\n"
            "import {pkg}.submodular_pick, {pkg}.discretize, {pkg}.explanation"
        ),
        "tabular": "lime.lime_tabular.LimeTabularExplainer",
        "text": "lime.lime_text.LimeTextExplainer",
        "pick": "lime.submodular_pick.SubmodularPick",
        "disc": "lime.discretize.QuartileDiscretizer",
        "image": "lime.lime_image.LimeImageExplainer",
        "expl": "lime.explanation.Explanation",
    },
}


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=180, check=True
    )
    return out.stdout.strip()


@pytest.mark.parametrize("style", list(STYLES))
def test_lime_code_runs_with_only_the_import_changed(style: str) -> None:
    parts = STYLES[style]

    def program(pkg: str, alias: str) -> str:
        fill = {k: v for k, v in parts.items() if k != "imports"}
        imports = parts["imports"].format(pkg=pkg, alias=alias)
        return textwrap.dedent(LIME_CODE).format(imports=imports, **fill)

    theirs = _run(program("lime", "")).split(" ", 1)
    ours = _run(program("lime_widget", " as lime")).split(" ", 1)
    assert theirs[0] == "lime"
    assert ours[0] == "lime_widget"
    assert ours[1] == theirs[1]  # the same weights, picks and names

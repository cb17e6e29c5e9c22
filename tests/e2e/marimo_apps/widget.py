"""The live widget in a marimo app, for tests/e2e/test_marimo.py.

The page's query picks how the widget is shown: ``?way=anywidget`` (``mo.ui.anywidget(w)``),
``?way=plain`` (the widget as the cell's last expression) or ``?way=show_in_notebook``
(``exp.show_in_notebook()``, lime's call); ``&pull=1`` drops the widget's pushes from its
worker thread, as Google Colab does, so only the page's pulls can deliver the stream.
"""

import marimo

__generated_with = "0.25.2"

app = marimo.App()


@app.cell
def _():
    import time

    import marimo as mo
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import lime_widget as lw

    query = mo.query_params()
    way = query.get("way") or "anywidget"
    pull_only = query.get("pull") == "1"

    data = load_breast_cancer()
    # scaled, so it converges at once (unscaled, lbfgs takes seconds)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(data.data, data.target)

    def predict(rows):
        # Past the first 1,000 rows the model slows down, so a larger sample streams in
        # over a second or two, long enough to watch.
        predict.rows += len(rows)
        if predict.rows > 1000:
            time.sleep(0.15)
        return model.predict_proba(rows)

    predict.rows = 0
    explainer = lw.LimeTabularExplainer(
        data.data,
        feature_names=list(data.feature_names),
        class_names=list(data.target_names),
        random_state=0,
    )
    return data, explainer, mo, predict, pull_only, way


@app.cell
def _(data, explainer, mo, predict, pull_only, way):
    if way == "show_in_notebook":
        exp = explainer.explain_instance(
            data.data[0], predict, num_samples=1000, batch_size=200, top_labels=1
        )
        exp.show_in_notebook()
        shown = None
    else:
        w = explainer.interact(data.data[0], predict, num_samples=1000, batch_size=200)
        w._deliver_pushes = not pull_only
        shown = mo.ui.anywidget(w) if way == "anywidget" else w
    shown  # noqa: B018 (marimo shows a cell's last expression)
    return


if __name__ == "__main__":
    app.run()

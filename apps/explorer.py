"""An image explorer as a marimo app: every test picture of a digit, explained; any opens live.

Run it as a web app with ``marimo run apps/explorer.py`` (or edit it with ``marimo edit``).
The same explorer as a notebook, also served by Voilà: notebooks/09_image_explorer.ipynb.
"""

import marimo

__generated_with = "0.25.2"

app = marimo.App(width="medium", app_title="lime-widget: image explorer")


@app.cell
def _():
    import marimo as mo
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    from lime_widget import LimeImageExplainer

    mo.md(
        """
        # An image explorer: every picture of a digit, explained

        Pick a digit: every test picture of it is explained with LIME, card by card as the
        explanations finish (with progress and a Cancel button). A card shows the picture with
        its five strongest superpixels tinted, the predicted class and its probability, the
        fit's R² and how stable the explanation is. Click a card to work with it live below.
        """
    )
    return (
        LimeImageExplainer,
        LogisticRegression,
        load_digits,
        mo,
        np,
        train_test_split,
    )


@app.cell
def _(LimeImageExplainer, LogisticRegression, load_digits, np, train_test_split):
    # Digits 8x8, a logistic regression on three quarters of them; the rest is explained.
    digits = load_digits()
    X_train, _, y_train, y_test, _, images = train_test_split(
        digits.data, digits.target, digits.images, random_state=0, stratify=digits.target
    )
    model = LogisticRegression(max_iter=2000).fit(X_train, y_train)

    # Each picture enlarged 4x (32x32 RGB, white ink on black); predict_fn shrinks it back.
    # Superpixels: a fixed 4x4 grid of 2x2-pixel blocks of the original.
    SCALE, BLOCK = 4, 2
    grey = np.kron(images * (255 / 16), np.ones((1, SCALE, SCALE))).round().astype(np.uint8)
    pictures = np.repeat(grey[..., None], 3, axis=-1)
    side = BLOCK * SCALE
    grid = np.kron(np.arange(16).reshape(4, 4), np.ones((side, side), dtype=int))

    def predict_fn(batch):
        ink = np.asarray(batch, dtype=float)[..., 0]
        small = ink.reshape(len(ink), 8, SCALE, 8, SCALE).mean(axis=(2, 4)) * (16 / 255)
        return model.predict_proba(small.reshape(len(ink), 64))

    def blocks(picture):
        return grid

    explainer = LimeImageExplainer(random_state=0)
    galleries = {}

    def gallery_for(digit):
        # A digit explained to the end is kept; one still running is stopped when left.
        for other, gallery in list(galleries.items()):
            if other != digit and gallery.progress.get("status") == "running":
                gallery.close()
                del galleries[other]
        if digit not in galleries:
            rows = np.flatnonzero(y_test == digit)
            # the settings of the Streamlit "ResNet34 LIME visualizer" this replaces
            galleries[digit] = explainer.gallery(
                pictures[rows],
                predict_fn,
                true_labels=y_test[rows],
                top_labels=5,
                hide_color=0,
                num_samples=1000,
                num_features=5,
                segmentation_fn=blocks,
            )
        return galleries[digit]

    return (gallery_for,)


@app.cell
def _(mo):
    digit = mo.ui.dropdown(options={str(d): d for d in range(10)}, value="3", label="Digit")
    digit  # noqa: B018 (marimo shows a cell's last expression)
    return (digit,)


@app.cell
def _(digit, gallery_for, mo):
    gallery = mo.ui.anywidget(gallery_for(digit.value))
    gallery  # noqa: B018 (marimo shows a cell's last expression)
    return (gallery,)


@app.cell
def _(gallery, mo):
    # Re-runs when the page changes the gallery (a card opened, a filter or the order).
    _live = gallery.widget.opened_widget
    (
        mo.vstack([mo.md(f"### Row {gallery.widget.opened}, live"), mo.ui.anywidget(_live)])
        if _live is not None
        else mo.md("*Click a card to work with its explanation live here.*")
    )
    return


if __name__ == "__main__":
    app.run()

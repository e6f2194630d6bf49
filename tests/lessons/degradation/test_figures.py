"""The degradation figure: plain left, residual right, one colour per depth in both, percent on one y scale."""
import numpy as np

from playground.lessons.degradation.figures import plot_degradation

LABELS = {"plain": "Plain", "residual": "Residual", "step": "step", "error": "error", "layers": "{depth} layers"}


def test_two_panels_one_colour_per_depth_in_percent():
    steps = [0, 10, 20]
    error = {"plain/8": [0.9, 0.1, 0.02], "plain/20": [0.9, 0.2, 0.05], "residual/8": [0.9, 0.1, 0.02],
             "residual/20": [0.9, 0.05, 0.01]}
    fig = plot_degradation(steps, error, (8, 20), LABELS)
    assert [t.name for t in fig.data] == ["8 layers", "20 layers"] * 2
    assert [t.showlegend for t in fig.data] == [True, True, False, False]  # one legend entry per depth
    assert fig.data[0].line.color == fig.data[2].line.color != fig.data[1].line.color
    np.testing.assert_allclose(fig.data[1].y, [90, 20, 5], rtol=1e-6)
    assert fig.data[3].xaxis == "x2" and fig.layout.annotations[1].text == "Residual"
    assert fig.layout.yaxis.range == fig.layout.yaxis2.range and fig.layout.yaxis.range[1] >= 20


def test_an_empty_race_still_draws():
    fig = plot_degradation([0], {"plain/8": [], "residual/8": []}, (8,), LABELS)
    assert len(fig.data) == 2 and fig.layout.yaxis.range[1] > 0

"""The forget-gate callout recomputed: torch's LSTMCell updates the cell as c_t = f ⊙ c_{t−1} + i ⊙ g (checked by
hand), so an open forget gate (f ≈ 1) keeps the old cell and a closed one (f ≈ 0) clears it; and the gates the view
records from the shipped LSTM obey the same update."""
import numpy as np
import torch

from playground.core.train.shipped import shared_pretrained
from playground.lessons.gates import compute as gt


def _cell_update(cell: torch.nn.LSTMCell, x, h, c) -> tuple[torch.Tensor, torch.Tensor]:
    """The cell's new c by the formula, gates in torch's order (i, f, g, o); and f."""
    pre = x @ cell.weight_ih.T + cell.bias_ih + h @ cell.weight_hh.T + cell.bias_hh  # (B, 4H)
    i, f, g, _ = pre.chunk(4, dim=1)
    f = torch.sigmoid(f)
    return f * c + torch.sigmoid(i) * torch.tanh(g), f


@torch.no_grad()
def test_gates_differs_forget_gate():
    torch.manual_seed(0)
    cell = torch.nn.LSTMCell(3, 5)
    x, h, c = torch.randn(2, 3), torch.randn(2, 5), torch.randn(2, 5) * 3
    by_hand, _ = _cell_update(cell, x, h, c)
    torch.testing.assert_close(cell(x, (h, c))[1], by_hand)
    hidden = 5
    cell.bias_ih[:hidden] = -40.0  # input gate shut: i ≈ 0, nothing new is written
    cell.bias_ih[hidden:2 * hidden] = 40.0  # forget gate open: f ≈ 1
    kept = cell(x, (h, c))[1]
    assert _cell_update(cell, x, h, c)[1].min() > 0.999999
    torch.testing.assert_close(kept, c)  # f ≈ 1 keeps the cell
    cell.bias_ih[hidden:2 * hidden] = -40.0  # forget gate closed: f ≈ 0
    cleared = cell(x, (h, c))[1]
    assert cleared.abs().max() < 1e-6 < c.abs().min()  # f ≈ 0 clears it, the note's "open" is this one


def test_the_recorded_gates_obey_the_cell_update():
    t = shared_pretrained("tiny_lstm_brackets")
    subject = gt.subject_from_trained(t.model, t.spec.model, t.data)
    r = gt.record_gates(subject, "((()))(()(()))()")
    f, i, g, c = (r.gates[k].astype(np.float64) for k in ("f", "i", "g", "c"))  # (T, H)
    previous = np.vstack([np.zeros((1, c.shape[1])), c[:-1]])  # c_0 = 0
    np.testing.assert_allclose(c, f * previous + i * g, atol=1e-5)

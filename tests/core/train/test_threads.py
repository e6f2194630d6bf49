"""one_thread(): PyTorch on one thread inside, the host's count restored after, also when blocks overlap."""
import threading

import torch

from playground.core.train.devices import one_thread


def test_one_thread_inside_and_the_count_restored_after():
    before = torch.get_num_threads()
    with one_thread():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


def test_overlapping_blocks_in_two_threads_each_run_on_one_and_restore():
    before = torch.get_num_threads()
    inside, leave, seen = threading.Event(), threading.Event(), []

    def other():
        with one_thread():
            inside.set()
            leave.wait(10)
            seen.append(torch.get_num_threads())

    t = threading.Thread(target=other)
    t.start()
    inside.wait(10)
    with one_thread():  # comes in while the other thread is inside its own block
        assert torch.get_num_threads() == 1
        leave.set()
        t.join(10)
        assert torch.get_num_threads() == 1  # the other thread leaving does not change this one's
    assert seen == [1] and torch.get_num_threads() == before


def test_the_count_is_restored_when_the_block_raises():
    before = torch.get_num_threads()
    try:
        with one_thread():
            raise RuntimeError("inside")
    except RuntimeError:
        pass
    assert torch.get_num_threads() == before

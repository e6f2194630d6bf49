"""Places for training shared by all visitors and the line in front of them: first come first served, a full
line refused at once, leaving (from a place or from the line) lets the next in."""
import threading
import time

import pytest

from playground.core.errors import PlaygroundError
from playground.core.train.slots import Slots


def test_places_then_a_line_then_busy():
    slots = Slots(places=2, max_waiting=2)
    a, b = slots.join(), slots.join()
    assert slots.wait(a, 0) == 0 and slots.wait(b, 0) == 0 and slots.counts() == (2, 0)
    c, d = slots.join(), slots.join()
    assert slots.wait(c, 0) == 1 and slots.wait(d, 0) == 2  # positions in line, first come first
    with pytest.raises(PlaygroundError) as e:
        slots.join()
    assert e.value.key == "server_busy" and e.value.params == {"running": 2, "waiting": 2}
    slots.leave(b)
    assert slots.wait(c, 0) == 0 and slots.wait(d, 0) == 1 and slots.counts() == (2, 1)
    slots.leave(d)  # gave up while waiting
    assert slots.counts() == (2, 0)
    e = slots.join()  # the line is empty again, but both places are taken
    assert slots.wait(e, 0) == 1
    slots.leave(a)
    assert slots.wait(e, 0) == 0
    for t in (c, e, e):  # leaving twice does nothing
        slots.leave(t)
    assert slots.counts() == (0, 0)
    with pytest.raises(KeyError):
        slots.wait(e, 0)


def test_a_newcomer_does_not_jump_the_line():
    slots = Slots(places=1, max_waiting=3)
    first = slots.join()
    second = slots.join()
    slots.leave(first)
    third = slots.join()  # a place is free only for the one waiting
    assert slots.wait(second, 0) == 0 and slots.wait(third, 0) == 1


def test_threads_never_hold_more_places_than_there_are():
    slots, lock = Slots(places=2, max_waiting=10), threading.Lock()
    working, most, order = [0], [0], []

    def run(i):
        ticket = slots.join()
        order.append(i)
        try:
            while slots.wait(ticket, 0.01):
                pass
            with lock:
                working[0] += 1
                most[0] = max(most[0], working[0])
            time.sleep(0.02)
            with lock:
                working[0] -= 1
        finally:
            slots.leave(ticket)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
        time.sleep(0.001)
    for t in threads:
        t.join(10)
    assert most[0] == 2 and sorted(order) == list(range(12)) and slots.counts() == (0, 0)

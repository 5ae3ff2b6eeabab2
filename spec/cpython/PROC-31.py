"""PROC-31: repr() shows the name and the lifecycle state."""
import re
import time

from _probe import check, main, spawn


def sleeper():
    time.sleep(30)


def matches(pattern, p):
    check(re.fullmatch(pattern, repr(p)), f'repr {p!r} does not match {pattern!r}')


def body():
    mp = spawn()
    p = mp.Process(target=sleeper, name='shown', daemon=True)
    matches(r"<SpawnProcess name='shown' parent=\d+ initial daemon>", p)
    p.start()
    matches(r"<SpawnProcess name='shown' pid=\d+ parent=\d+ started daemon>", p)
    p.terminate()
    p.join()
    matches(r"<SpawnProcess name='shown' pid=\d+ parent=\d+ stopped exitcode=-SIGTERM daemon>", p)
    p.close()
    matches(r"<SpawnProcess name='shown' parent=\d+ closed daemon>", p)
    q = mp.Process(name='plain')
    q.start()
    q.join()
    matches(r"<SpawnProcess name='plain' pid=\d+ parent=\d+ stopped exitcode=0>", q)


if __name__ == '__main__':
    main(body)

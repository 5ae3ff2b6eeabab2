"""POOL-22: a result, or a task's exception, that cannot be pickled comes back from get() as MaybeEncodingError
("Error sending result: '...'. Reason: '...'"); the same worker goes on serving."""
import multiprocessing.pool
import os
import re

from _probe import check, expect, main, raises, spawn


def unpicklable_result():
    return lambda: 0, os.getpid()


def unpicklable_error():
    raise ValueError(lambda: 0)


def pid():
    return os.getpid()


def body():
    mp = spawn()
    with mp.Pool(1) as pool:
        before = pool.apply(pid)
        e = raises(multiprocessing.pool.MaybeEncodingError, pool.apply, unpicklable_result)
        check(re.fullmatch(r"Error sending result: '\(<function unpicklable_result\.<locals>\.<lambda> at 0x[0-9a-f]+>, "
                           r"\d+\)'\. Reason: 'AttributeError\(\"Can't pickle local object "
                           r"'unpicklable_result\.<locals>\.<lambda>'\"\)'", str(e)), f'result: {e}')
        e = raises(multiprocessing.pool.MaybeEncodingError, pool.apply, unpicklable_error)
        check(re.fullmatch(r"Error sending result: '<multiprocessing\.pool\.ExceptionWithTraceback object at 0x[0-9a-f]+>'\. "
                           r"Reason: 'AttributeError\(\"Can't pickle local object 'unpicklable_error\.<locals>\.<lambda>'\"\)'",
                           str(e)), f'exception: {e}')
        expect(pool.apply(pid), before, 'the worker after the failures')
    pool.join()


if __name__ == '__main__':
    main(body)

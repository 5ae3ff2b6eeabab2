"""PROC-05: default names are Process-N, N counting every process object the creating process made."""
import multiprocessing

from _probe import expect, main


def body():
    multiprocessing.set_start_method('spawn')
    a = multiprocessing.Process()
    b = multiprocessing.Process(name='given')  # named, but still counted
    c = multiprocessing.Process()               # never started, but still counted
    d = multiprocessing.Process()
    expect([a.name, b.name, c.name, d.name], ['Process-1', 'given', 'Process-3', 'Process-4'], 'names')
    a.start()
    d.start()
    a.join()
    d.join()
    expect(multiprocessing.Process().name, 'Process-5', 'name of the next process')


if __name__ == '__main__':
    main(body)

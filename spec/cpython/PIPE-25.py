"""PIPE-25: the tutorial's pipe (seed 002): a Consumer and a Producer Process subclass hold the two ends of one
Pipe() as fields; the consumer sends first, the producer receives and answers; both lines are printed, both exit 0."""
import multiprocessing

from _probe import expect, fd_captured, main

mp = multiprocessing.get_context('spawn')


class Consumer(mp.Process):
    def __init__(self, pipe):
        mp.Process.__init__(self)
        self.pipe = pipe

    def run(self):
        self.pipe.send('Consumer Words')
        print('Consumer Received:', self.pipe.recv(), flush=True)


class Producer(mp.Process):
    def __init__(self, pipe):
        mp.Process.__init__(self)
        self.pipe = pipe

    def run(self):
        print('Producer Received:', self.pipe.recv(), flush=True)
        self.pipe.send('Producer Words')


def body():
    pipe = mp.Pipe()
    p = Producer(pipe[0])
    c = Consumer(pipe[1])
    p.daemon = c.daemon = True
    with fd_captured(1) as output:
        p.start()
        c.start()
        p.join(10)
        c.join(10)
        printed = output()
    expect((p.exitcode, c.exitcode), (0, 0), 'exitcodes of the producer and the consumer')
    expect(printed.splitlines(), ['Producer Received: Consumer Words', 'Consumer Received: Producer Words'],
           'lines printed')


if __name__ == '__main__':
    main(body)

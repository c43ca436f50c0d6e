"""Run the django-q2 ORM queue in the test process, through django-q's own pusher, worker and monitor."""

from multiprocessing import Event, Queue, Value

from django_q.brokers import get_broker
from django_q.monitor import monitor
from django_q.pusher import pusher
from django_q.worker import worker


def drain_queue() -> None:
    """Run every task whose turn has come, as the cluster would, until none is waiting.

    Acknowledgement and retry follow the real rules: a failed task whose `ack_failure`
    is off stays on the queue, locked until Q_CLUSTER["retry"] seconds have passed.
    """
    broker = get_broker()
    while broker.queue_size():
        task_queue, result_queue = Queue(), Queue()
        stop_after_one_pull = Event()
        stop_after_one_pull.set()
        pusher(task_queue, stop_after_one_pull, broker=broker)
        task_queue.put("STOP")
        worker(task_queue, result_queue, Value("f", -1))
        result_queue.put("STOP")
        monitor(result_queue, broker)

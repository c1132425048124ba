"""Running one thing from several threads at once, to test what a unique constraint or an atomic add decides."""

import threading
from collections.abc import Callable

from django.db import connection


def at_once[T](action: Callable[[], T], times: int = 4) -> list[T | BaseException]:
    """Start `action` in `times` threads released together; each result, or the exception it raised."""
    start = threading.Barrier(times)
    results: list[T | BaseException] = []

    def run() -> None:
        start.wait()
        try:
            results.append(action())
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results

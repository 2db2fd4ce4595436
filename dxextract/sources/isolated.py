"""Run a parser of untrusted files in a child process with a memory cap and a time limit.

A hostile PDF or DOCX (a decompression bomb, a loop in its object graph) may make a parser
written in C allocate without bound or never return, and neither can be stopped from
inside the process. So the parsing runs in a forked child: its address space is capped
(what the parent already maps, plus `memory` bytes), it is killed when `timeout` seconds
pass, and what it returns comes back pickled through a pipe. The parent only reads bytes.

Where there is no fork (Windows), the parser runs in this process, without the limits.
"""
from __future__ import annotations

import faulthandler
import os
import pickle
import select
import signal
import time
from typing import Any, Callable


class SourceError(Exception):
    """The input cannot be read as its format; str(e) is the reason, one line."""


def run(parse: Callable[..., Any], *args: Any, timeout: float, memory: int) -> Any:
    """parse(*args) in a child process; SourceError for any failure, said in one line."""
    if not hasattr(os, "fork"):
        return _call(parse, args)[1]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        try:
            os.close(read_end)
            _child(parse, args, write_end, memory, timeout)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        data = _read_all(read_end, timeout)
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        os.close(read_end)
        if pid:  # interrupted or timed out: the child must not outlive us
            _kill(pid)
    if not data:
        raise SourceError(_death(status, timeout))
    outcome, value = pickle.loads(data)
    if outcome == "error":
        raise SourceError(value)
    return value


def _child(parse, args, write_end: int, memory: int, timeout: float) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    faulthandler.disable()  # a crash of the parser is the parent's one line, not a dump on stderr
    _die_with_parent()
    _cap_memory(memory)
    _cap_cpu(timeout)
    try:
        result = _call(parse, args)
    except MemoryError:
        result = ("error", f"needs more than {memory >> 20} MB of memory to read (a decompression bomb?)")
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("error", "the extracted text is too large to pass on"))
    with os.fdopen(write_end, "wb") as out:
        out.write(data)


def _call(parse, args) -> tuple[str, Any]:
    try:
        return "ok", parse(*args)
    except SourceError as exc:
        return "error", str(exc)
    except MemoryError:
        raise
    except RecursionError:
        return "error", "nested too deeply to read"
    except Exception as exc:  # noqa: BLE001 - a malformed file makes parsers raise anything
        detail = " ".join(str(exc).split())[:200]
        return "error", f"cannot be read ({type(exc).__name__}{': ' + detail if detail else ''})"


def _cap_memory(memory: int) -> None:
    try:
        import resource  # noqa: PLC0415

        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = mapped + memory
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):
        pass  # no /proc (not Linux): the time limit still holds


def _die_with_parent() -> None:
    """Linux: the kernel kills this child if the process that forked it dies first (a worker
    process terminated mid-file), so no parser outlives the run."""
    try:
        import ctypes  # noqa: PLC0415

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the call took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _cap_cpu(timeout: float) -> None:
    """The time limit again, as CPU seconds the kernel enforces: it holds even if no parent
    is left to keep the wall clock."""
    try:
        import resource  # noqa: PLC0415

        seconds = int(timeout) + 1
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard == resource.RLIM_INFINITY or hard > seconds + 5:
            resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5 if hard == resource.RLIM_INFINITY else hard))
    except (ImportError, ValueError, OSError):
        pass


def _read_all(fd: int, timeout: float) -> bytes:
    """What the child writes, until it closes the pipe; SourceError past the time limit
    (the caller then kills the child)."""
    deadline = time.monotonic() + timeout
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SourceError(f"took longer than {timeout:g} s to read: stopped (a hostile file?)")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _death(status: int, timeout: float) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return f"took longer than {timeout:g} s to read: stopped (a hostile file?)"
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return f"the reader crashed on this file ({name}): damaged, hostile, or over the memory limit"
    return "the reader stopped without an answer (out of memory?)"

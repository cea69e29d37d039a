from .common import Pack


def run() -> Pack:
    return Pack("x", "todo")

from wangge.api.setup import api

__all__ = ["api"]

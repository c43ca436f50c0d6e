from wangge.api.assessment import router as assessment_router
from wangge.api.setup import api

api.add_router("/", assessment_router)

__all__ = ["api"]

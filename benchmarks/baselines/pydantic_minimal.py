"""The least a pydantic command can do: import pydantic, validate one small model, print it.

    python benchmarks/baselines/pydantic_minimal.py

The yardstick for `backside poses --json` and `backside validate`.
"""

from __future__ import annotations

from pydantic import BaseModel


class Pose(BaseModel):
    id: str
    name: str
    seconds: int


print(Pose.model_validate({"id": "locust", "name": "Locust", "seconds": 45}).model_dump_json())

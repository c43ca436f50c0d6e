"""Mixed traffic for bench/load.py: residents and grid workers report, desks take cases in
and dispatch them, the grid chief accepts, leaders read the dashboard.

The plan (accounts, points inside the cells, categories) comes from the JSON file named by
WANGGE_LOAD_PLAN, written by bench/load.py. Request names are the kinds the figures use.
A 409 (someone else acted on the case first) is a race the desks lose, not an error:
it is counted apart, under `… (taken)`.
"""

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["WANGGE_LOAD_PLAN"], encoding="utf-8").read())
_serial = itertools.count()


class Staff(HttpUser):
    abstract = True
    wait_time = between(0.2, 1.0)
    role = ""

    def on_start(self):
        accounts = PLAN["accounts"][self.role]
        self.account = accounts[next(_serial) % len(accounts)]
        response = self.client.post(
            "/api/v1/auth/token",
            json={
                "username": self.account["username"],
                "password": self.account["password"],
            },
            name="sign in",
        )
        self.client.headers["Authorization"] = f"Bearer {response.json()['token']}"
        self.client.headers["Accept-Language"] = "en"

    def list_cases(self, **params):
        response = self.client.get("/api/v1/cases", params=params, name="list")
        return response.json().get("items", []) if response.ok else []

    def detail(self, number) -> dict:
        response = self.client.get(f"/api/v1/cases/{number}", name="detail")
        return response.json() if response.ok else {}

    def act(self, number, action, **body):
        with self.client.post(
            f"/api/v1/cases/{number}/actions/{action}",
            json=body,
            name=f"action {action}",
            catch_response=True,
        ) as response:
            if response.status_code == 409:
                response.success()
                response.request_meta["name"] = f"action {action} (taken)"
            return response.status_code


class Reporter(Staff):
    """A resident or a grid worker reporting in the cells of the desks' community."""

    weight = 4
    role = "reporter"

    @task
    def report(self):
        lon, lat = random.choice(PLAN["points"])
        body = {
            "category": random.choice(PLAN["categories"]),
            "description": "压力测试：楼道堆放杂物",
            "lon": lon,
            "lat": lat,
            "channel": self.account["channel"],
        }
        if self.account["channel"] == "resident":
            body["reporter"] = {"name": "测试", "phone": "13800000000"}
        self.client.post(
            "/api/v1/cases",
            json=body,
            headers={"Idempotency-Key": uuid.uuid4().hex},
            name="intake",
        )


class Desk(Staff):
    """The community desk: reads its list and cases, registers and dispatches."""

    weight = 4
    role = "desk"

    @task(3)
    def read(self):
        items = self.list_cases(limit=20)
        if items:
            self.detail(random.choice(items)["number"])

    @task(2)
    def register(self):
        items = self.list_cases(state="reported", node=self.account["region_code"])
        if items:
            case = random.choice(items)
            self.detail(case["number"])
            self.act(case["number"], "register")

    @task(2)
    def dispatch(self):
        items = self.list_cases(state="registered", node=self.account["region_code"])
        if items:
            case = random.choice(items)
            # To the grid chief of the case's cell.
            self.act(case["number"], "dispatch", region=case["cell"]["code"])


class Handler(Staff):
    """The grid chief: accepts what was dispatched to the cell."""

    weight = 1
    role = "handler"

    @task
    def accept(self):
        items = self.list_cases(state="dispatched", region=self.account["region_code"])
        if items:
            number = random.choice(items)["number"]
            if "accept" in self.detail(number).get("allowed_actions", []):
                self.act(number, "accept")


class Leader(Staff):
    """Leaders and desks above: the dashboard and the lists of their area."""

    weight = 2
    role = "leader"

    @task(2)
    def dashboard(self):
        self.client.get(
            f"/api/v1/dashboard/{self.account['region_code']}", name="dashboard"
        )

    @task(1)
    def read(self):
        items = self.list_cases(limit=50)
        if items:
            self.detail(random.choice(items)["number"])

import json
import urllib.request

API = "https://api.example.test/v1"


def fetch_appointment(appointment_id):
    with urllib.request.urlopen(f"{API}/appointments/{appointment_id}") as response:
        return json.loads(response.read())["data"]

CANCEL = "https://book.example.test/c/appointments/appt_fact0ry/cancel"
RESCHEDULE = "https://book.example.test/c/appointments/appt_fact0ry/reschedule"


def make_appointment(**overrides):
    appt = {
        "id": "appt_fact0ry",
        "object": "appointment",
        "urls": {"cancel": [CANCEL], "reschedule": [RESCHEDULE]},
    }
    appt.update(overrides)
    return appt

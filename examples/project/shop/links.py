def reminder_links(appt):
    """The links a reminder email carries."""
    return {
        "cancel": appt["urls"]["cancel"][0],
        "reschedule": appt["urls"]["reschedule"][0],
    }

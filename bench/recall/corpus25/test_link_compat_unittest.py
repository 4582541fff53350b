import unittest
from unittest import mock

from clinic import link_compat, notify


class LinkCompatTests(unittest.TestCase):
    def setUp(self):
        self.old_style = {
            "id": "appt_111111111111",
            "object": "appointment",
            "status": "scheduled",
            "urls": {"cancel": ["https://book.acme.com/c/appointments/appt_111111111111/cancel"], "join": []},
        }
        self.new_style = {
            "id": "appt_222222222222",
            "object": "appointment",
            "status": "scheduled",
            "cancel_url": "https://book.acme.com/c/appointments/appt_222222222222/cancel",
            "join_url": "https://book.acme.com/c/appointments/appt_222222222222/join",
        }

    def test_old_style_cancel(self):
        self.assertEqual(link_compat.cancel_link(self.old_style), self.old_style["urls"]["cancel"][0])

    def test_new_style_cancel(self):
        self.assertEqual(link_compat.cancel_link(self.new_style), self.new_style["cancel_url"])

    def test_old_style_has_no_join(self):
        self.assertFalse(self.old_style["urls"]["join"])

    @mock.patch.object(notify, "send_sms")
    def test_sms_uses_cancel(self, send_sms):
        notify.cancel_sms({"id": "appt_333333333333", "object": "appointment", "client": {"phone": "+15555550101"}, "urls": {"cancel": ["https://book.acme.com/c/appointments/appt_333333333333/cancel"]}})
        send_sms.assert_called_once()

    def test_legacy_host_is_rejected(self):
        with self.assertRaises(ValueError):
            link_compat.cancel_link({"id": "appt_444444444444", "cancel_url": "https://app.savvycal.com/c/appointments/appt_444444444444/cancel"})


if __name__ == "__main__":
    unittest.main()

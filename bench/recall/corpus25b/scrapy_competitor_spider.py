"""Market-intel spiders (growth team). Crawls competitor pricing pages and our own
public booking JSON to check that links render."""
import json

import scrapy


class PricingSpider(scrapy.Spider):
    name = "competitor_pricing"
    allowed_domains = ["calendly.com", "cal.com", "acuityscheduling.com"]
    start_urls = [
        "https://calendly.com/pricing",
        "https://cal.com/pricing",
        "https://acuityscheduling.com/signup.php",
    ]
    custom_settings = {"DOWNLOAD_DELAY": 2.0, "ROBOTSTXT_OBEY": True}

    def start_requests(self):
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        for plan in response.css("[data-plan]"):
            yield {
                "site": response.url,
                "plan": plan.attrib.get("data-plan"),
                "price": plan.css(".price::text").get(),
            }
        for href in response.css("a.docs::attr(href)").getall():
            yield response.follow(href, callback=self.parse)


class SitemapUrls:
    """Tiny helper that keeps per-site sitemap URLs."""

    def __init__(self):
        self.urls = {"calendly": ["https://calendly.com/sitemap.xml"], "cal": ["https://cal.com/sitemap.xml"]}

    def first(self, site: str) -> str:
        return self.urls[site][0]


class BookingJsonSpider(scrapy.Spider):
    """Hits our staging proxy that returns SavvyCal public appointments as JSON."""

    name = "booking_json"

    def __init__(self, ids: str = "", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids = [i for i in ids.split(",") if i]
        self.sitemaps = SitemapUrls()

    def start_requests(self):
        for appt_id in self.ids:
            yield scrapy.Request(f"https://staging-proxy.northwind.example/public/{appt_id}.json", cb_kwargs={"appt_id": appt_id})

    def parse(self, response, appt_id):
        data = json.loads(response.text)["data"]
        yield scrapy.Request(data["cancel_url"], callback=self.check_page, cb_kwargs={"kind": "cancel"})
        yield scrapy.Request(data["urls"]["reschedule"][0], callback=self.check_page, cb_kwargs={"kind": "reschedule"})
        for link in data["urls"]["ics"]:
            yield scrapy.Request(link, callback=self.check_page, cb_kwargs={"kind": "ics"})

    def check_page(self, response, kind):
        yield {"kind": kind, "url": response.url, "status": response.status}

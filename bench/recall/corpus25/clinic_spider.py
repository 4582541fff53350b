"""Scrapes the public clinic directory and pushes new clinics to onboarding."""
import scrapy


class ClinicDirectorySpider(scrapy.Spider):
    name = "clinics"
    urls = [
        "https://directory.example.org/clinics?page=1",
        "https://directory.example.org/clinics?page=2",
    ]
    custom_settings = {"DOWNLOAD_DELAY": 1.5}

    def start_requests(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response):
        seed = self.urls[0]
        for card in response.css("div.clinic"):
            yield {
                "seed": seed,
                "name": card.css("h2::text").get(),
                "urls": {"booking": [card.css("a.book::attr(href)").get()], "cancel": []},
            }
        next_page = response.css("a.next::attr(href)").get()
        if next_page:
            yield response.follow(next_page, self.parse)


class ClinicPipeline:
    def process_item(self, item, spider):
        booking = item["urls"]["booking"]
        if booking and booking[0]:
            item["booking_url"] = booking[0]
        if len(item["urls"]["cancel"]) == 0:
            item["cancel_supported"] = False
        return item

"""Track posts on X that link to our booking pages (weekly marketing report)."""
from __future__ import annotations

import os
from urllib.parse import urlparse

import tweepy

client = tweepy.Client(bearer_token=os.environ.get("X_BEARER"))
BOOKING_HOSTS = {"book.acme.com", "acme.link"}


def mentions(query: str = "url:book.acme.com -is:retweet"):
    resp = client.search_recent_tweets(query=query, tweet_fields=["entities", "created_at"], max_results=100)
    for tweet in resp.data or []:
        for u in (tweet.entities or {}).get("urls", []):
            expanded = u.get("expanded_url") or u["url"]
            if urlparse(expanded).hostname in BOOKING_HOSTS:
                yield {"tweet_id": tweet.id, "link": expanded, "at": tweet.created_at}


def first_link(tweet: dict) -> str | None:
    urls = tweet["entities"]["urls"]
    return urls[0]["expanded_url"] if urls else None


def display_links(tweet: dict) -> list[str]:
    return [u["display_url"] for u in tweet["entities"].get("urls", [])]

"""Versioned OpenAPI snapshots of the appointments API, shipped as package data."""

"""The projects' REST API: serializers, views and URLs (routed under /api/v1/ by
`oneplan.api_urls`)."""

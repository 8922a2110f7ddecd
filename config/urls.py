from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# Swagger UI, served so that it runs under the site's Content Security Policy: its start
# script is a file of its own (the split view), and its stylesheet draws icons as data:
# images, allowed on this page only.
api_docs = csp_update({"img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("portal/", include("portal.urls")),  # the vendor portal
    path("", include("website.urls")),  # the customer website: /, /intents/, /privacy/, ...
]

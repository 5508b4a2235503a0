"""The letters API's addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.letters.api import views

urlpatterns = [
    path("letters", views.LetterList.as_view(), name="letters"),
    path("letters/<int:pk>", views.LetterDetail.as_view(), name="letter"),
    path("letters/<int:pk>/issue", views.LetterIssue.as_view(), name="letter-issue"),
    path("letters/<int:pk>/cancel", views.LetterCancel.as_view(), name="letter-cancel"),
    path("letters/<int:pk>/recipients", views.LetterRecipients.as_view(), name="letter-recipients"),
    path(
        "letters/<int:pk>/recipients/sent",
        views.LetterRecipientsSent.as_view(),
        name="letter-recipients-sent",
    ),
    path("letter-recipients/<int:pk>", views.RecipientDetail.as_view(), name="letter-recipient"),
    path("letter-registers", views.RegisterList.as_view(), name="letter-registers"),
    path("letter-registers/<int:pk>", views.RegisterDetail.as_view(), name="letter-register"),
]

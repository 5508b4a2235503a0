"""The committees' API addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.committees.api import views

urlpatterns = [
    path("committees", views.CommitteeList.as_view(), name="committees"),
    path("committees/<int:pk>", views.CommitteeDetail.as_view(), name="committee"),
    path(
        "committees/<int:pk>/members",
        views.CommitteeMembers.as_view(),
        name="committee-members",
    ),
    path(
        "committees/<int:pk>/members/<int:mid>",
        views.CommitteeMember.as_view(),
        name="committee-member",
    ),
    path("committees/<int:pk>/orders", views.CommitteeOrders.as_view(), name="committee-orders"),
    path(
        "committees/<int:pk>/orders/<int:oid>",
        views.CommitteeOrder.as_view(),
        name="committee-order",
    ),
    path("committees/<int:pk>/renew", views.CommitteeRenew.as_view(), name="committee-renew"),
    path(
        "committees/<int:pk>/meetings",
        views.CommitteeMeetings.as_view(),
        name="committee-meetings",
    ),
    path("meetings", views.MeetingList.as_view(), name="meetings"),
    path("meetings/<int:pk>", views.MeetingDetail.as_view(), name="meeting"),
    path(
        "meetings/<int:pk>/attendance",
        views.MeetingAttendance.as_view(),
        name="meeting-attendance",
    ),
    path("meetings/<int:pk>/held", views.MeetingHeld.as_view(), name="meeting-held"),
    path("meetings/<int:pk>/items", views.MeetingItems.as_view(), name="meeting-items"),
    path(
        "meetings/<int:pk>/items/<int:iid>/apply",
        views.MeetingItemApply.as_view(),
        name="meeting-item-apply",
    ),
    path(
        "meetings/<int:pk>/follow-ups",
        views.MeetingFollowUps.as_view(),
        name="meeting-follow-ups",
    ),
    path("follow-ups/<int:pk>", views.FollowUpDetail.as_view(), name="follow-up"),
]

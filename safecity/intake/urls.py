from django.urls import path

from . import views, views_notices

app_name = "intake"
urlpatterns = [
    path("", views.report, name="report"),
    path("folj/", views.follow, name="follow"),
    path("folj/stang/", views.follow_leave, name="follow_leave"),
    path("mina/", views.mine, name="mine"),
    path("ko/", views.queue, name="queue"),
    path("signaler/<int:pk>/", views.signal_detail, name="signal"),
    path("signaler/<int:pk>/foton/<int:photo_id>/", views.signal_photo, name="photo"),
    path("signaler/<int:pk>/status/", views.set_status, name="set_status"),
    path("signaler/<int:pk>/tilldela/", views.assign, name="assign"),
    path("signaler/<int:pk>/etiketter/", views.set_labels, name="set_labels"),
    path("signaler/<int:pk>/anteckning/", views.add_note, name="add_note"),
    path("signaler/<int:pk>/sammanfoga/", views.merge, name="merge"),
    path("signaler/<int:pk>/vidarebefordra/", views.forward, name="forward"),
    path("signaler/<int:pk>/svar/", views.reply, name="reply"),
    path("signaler/<int:pk>/meddelande/", views.reporter_message, name="reporter_message"),
    path("signaler/<int:pk>/gallringsstopp/", views_notices.signal_hold, name="signal_hold"),
    path("orosanmalningar/", views_notices.notices, name="notices"),
    path("orosanmalningar/ny/", views_notices.notice_new, name="notice_new"),
    path("orosanmalningar/statistik/", views_notices.notice_counts, name="notice_counts"),
    path("orosanmalningar/<int:pk>/", views_notices.notice_edit, name="notice_edit"),
    path("orosanmalningar/<int:pk>/gallringsstopp/", views_notices.notice_hold, name="notice_hold"),
]

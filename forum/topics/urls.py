from django.urls import path

from . import composer_views, edit_views, reading_views, views, wiki_views

app_name = "topics"
urlpatterns = [
    path("latest", views.latest, name="latest"),
    path("unread", reading_views.unread, name="unread"),
    path("new", reading_views.new, name="new"),
    path("top", reading_views.top, name="top"),
    path("bookmarks", reading_views.bookmarks, name="bookmarks"),
    path("dismiss", reading_views.dismiss, name="dismiss"),
    path("drafts/<slug:key>", reading_views.save_draft, name="draft"),
    path("t/<int:topic_id>/timings", reading_views.timings, name="timings"),
    path("t/<int:topic_id>/clear-pin", reading_views.clear_pin, name="clear_pin"),
    path(
        "t/<int:topic_id>/dismiss-banner",
        reading_views.dismiss_banner,
        name="dismiss_banner",
    ),
    path("p/<int:post_id>/like", reading_views.like, name="like"),
    path("p/<int:post_id>/likes", reading_views.likers, name="likers"),
    path("p/<int:post_id>/bookmark", reading_views.bookmark, name="bookmark"),
    path("new-topic", views.create_topic, name="create"),
    path("preview", views.preview, name="preview"),
    path("composer/complete", composer_views.autocomplete, name="autocomplete"),
    path("t/<int:topic_id>", views.detail_by_id, name="detail_by_id"),
    path("t/<slug:slug>/<int:topic_id>", views.detail, name="detail"),
    path(
        "t/<slug:slug>/<int:topic_id>/<int:post_number>",
        views.detail,
        name="detail_post",
    ),
    path("t/<int:topic_id>/reply", views.reply, name="reply"),
    path("t/<int:topic_id>/edit", edit_views.edit_topic, name="edit_topic"),
    path("t/<int:topic_id>/unaccept", views.unaccept_solution, name="unaccept"),
    path("p/<int:post_id>/edit", views.edit_post, name="edit_post"),
    path("p/<int:post_id>/revisions", views.revisions, name="revisions"),
    path("p/<int:post_id>/wiki", wiki_views.wiki, name="wiki"),
    path("p/<int:post_id>/reviewed", wiki_views.reviewed, name="reviewed"),
    path("p/<int:post_id>/accept", views.accept_solution, name="accept"),
    path("p/<int:post_id>/delete", views.delete_post, name="delete_post"),
    path("p/<int:post_id>/restore", views.restore_post, name="restore_post"),
]

"""/breaking: an admin pushes a breaking item — paste text or a URL, pick the audience, preview, confirm.

While it sends, the admin's control message shows live progress, then the final report (handlers.push_progress).
Only a draft's latest control message acts: /audience posts a new one and takes the old one's buttons away, and
Confirm pushes to the audience the tapped message shows, to somebody or not at all.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from telegram import CallbackQuery, MaybeInaccessibleMessage, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from feeds.errors import FeedError, FetchError
from handlers.admins import is_admin, require_admin
from handlers.arguments import parse_id
from handlers import push_progress
from handlers import breaking_alerts, breaking_cancel, breaking_waits
from handlers.breaking_cancel import cancelled_text
from handlers.breaking_controls import audience_unknown, controls, show_controls_again
from handlers.breaking_reach import quiet_at, reach
from handlers.breaking_items import (NOTHING_TO_SEND, SHARED_STORY_GONE, TOO_SHORT, FeedGiven, cut_headline_chars, feed_given,
                                     as_typed, raw_from, replaced_headline_note, shared_story, shared_via_me, too_short,
                                     typed_text, unreachable)
from handlers.breaking_waits import (answers_bot, awaited_from_another, awaiting_item, end_wait, lapsed_wait,
                                     wait_for_item)
from handlers.context import Ctx
from handlers.push_progress import recount_note, start_watching
from handlers.rate_limit import ReplyQueued
from handlers.replies import answer_tap, echo, edit_query_message, reply_html
from handlers.subscription_names import split_names
from ingest.store import store_processed
from news.breaking_audience import push_countries
from news.errors import EmptyArticleError, NewsError
from news.format import render_item
from news.models import Article
from news.pipeline import process_article
from storage import articles as article_store
from storage import breaking_waits as wait_store
from storage import broadcasts as broadcast_store
from storage.outbox import OutgoingMessage

log = logging.getLogger(__name__)

AUDIENCE_USAGE = "Usage: /audience &lt;push number&gt; morocco, israel, tech — or everyone (a push not sent yet)"


def breaking_text(item_html: str) -> str:
    return f"🚨 <b>Breaking</b>\n\n{item_html}"


async def breaking_command(update: Update, context: Ctx) -> None:
    """Start the flow: /breaking <text or URL>, as a reply to a message, or alone (then paste)."""
    if not await require_admin(update, context):
        return
    message = update.effective_message
    assert message is not None
    text = message.text.partition(" ")[2].strip() if message.text else ""
    if not text and message.reply_to_message:
        text = message.reply_to_message.text or message.reply_to_message.caption or ""
    assert update.effective_user is not None  # require_admin
    if text:  # the item came with the command: the admin's next message is no item
        await end_wait(context, update.effective_user.id)
        await make_draft(update, context, text)
        return
    if message.chat.type == ChatType.PRIVATE:
        await wait_for_item(context, update.effective_user.id, message.chat.id)
        await reply_html(update, "Send the breaking item: its text (first line = headline) or a link. /cancel to stop.")
        return
    # privacy mode: of a group's talk the bot sees commands and replies to its own messages only, and of those the
    # reply to this prompt is the item
    prompt = await reply_html(update, "Reply to this message with the breaking item: its text (first line = headline) "
                                      "or a link. Only your reply counts; /cancel to stop.")
    if prompt is not None:
        await wait_for_item(context, update.effective_user.id, message.chat.id, prompt_id=prompt.message_id)


async def pasted(update: Update, context: Ctx) -> None:
    """The admin's next message after a bare /breaking or ✏️ Edit; in a group, their reply to the bot's message that
    asked for it, or the preview it corrects (awaiting_item), as only the admin who asked may answer.

    A story they picked from the bot's inline results ("@bot earthquake") is that story, already among the news:
    it is pushed as it is (its link, its source), not stored again as new text under no source.
    """
    message = update.effective_message
    if message is None or not answers_bot(message, context.bot.id):
        return
    waiting = await awaiting_item(update, context)
    if waiting is None and message.chat.type != ChatType.PRIVATE:  # chat_text answers in a private chat
        note = await lapsed_wait(update, context) or await awaited_from_another(update, context)
        if note:
            await reply_html(update, note)
        return
    if waiting is None or update.effective_user is None:
        return
    admin = await is_admin(context, update.effective_user.id)
    shared = admin and shared_via_me(message, context)
    story = await shared_story(context, message) if shared else None
    if shared and story is None:  # the wait goes on, for the item as text or a link
        await reply_html(update, SHARED_STORY_GONE)
        return
    await wait_store.end(context.db, update.effective_user.id, context.clock.now())
    if story is not None:
        await draft_story(update, context, story, replacing=waiting.replacing)
    elif admin:
        await make_draft(update, context, message.text or "", replacing=waiting.replacing)
    if waiting.replacing is not None:  # a correction refused leaves its draft, which no longer waits for one
        await show_controls_again(context.bot, context.db, waiting.replacing, context.clock.now())


async def make_draft(update: Update, context: Ctx, text: str, *, replacing: int | None = None) -> None:
    """Clean and store the item, pre-select its countries and topics, show the preview and the controls.

    `replacing`: the draft ✏️ Edit corrects. The new one keeps its audience (the admin may have chosen it),
    and it is cancelled only once the correction is drafted: a correction refused leaves it as it was.
    """
    now = context.clock.now()
    unchanged = f"\n\nPush #{replacing} stays as it was." if replacing is not None else ""
    try:
        raw = await raw_from(context, text)
        processed = process_article(raw, now)
        if too_short(raw, processed):
            await reply_html(update, TOO_SHORT + unchanged)
            return
        saved = await store_processed(context.db, processed, now, held=True)
    except EmptyArticleError:
        await reply_html(update, NOTHING_TO_SEND + unchanged)
        return
    except FeedGiven:
        await reply_html(update, feed_given(text) + unchanged)
        return
    except FetchError as e:
        log.info("breaking link not fetched url=%s error=%s cause=%r", text[:300], e, e.__cause__)
        await reply_html(update, unreachable(text, e) + unchanged)
        return
    except (FeedError, NewsError) as e:
        await reply_html(update, f"I couldn't use that: {echo(str(e), 300)}{unchanged}")
        return
    article = await article_store.get_article(context.db, saved.article_id)
    assert article is not None
    await draft_story(update, context, as_typed(raw, processed, article), replacing=replacing, text=typed_text(raw, processed),
                      countries=[c.code for c in processed.countries], topics=[t.topic for t in processed.topics],
                      headline_chars=cut_headline_chars(raw), note=replaced_headline_note(raw, processed))


async def draft_story(update: Update, context: Ctx, article: Article, *, replacing: int | None = None,
                      text: str | None = None, countries: list[str] | None = None, topics: list[str] | None = None,
                      headline_chars: int | None = None, note: str = "") -> None:
    """Draft a push of a stored article for its main countries (news.breaking_audience) and topic (or the audience
    of the draft it replaces), and show the preview and the controls. `text`: what the push says under the headline in place of
    the article's summary (an item the admin typed, as typed: breaking_items.typed_text); stored, the article keeps
    its summary for digests and /latest. `headline_chars`: the length of the headline the admin typed, if it was cut.
    `note` (HTML): what the controls say under them at first (breaking_items.replaced_headline_note).

    A correction of a draft going to everyone goes to everyone too, and its other button offers the correction's
    own countries and topic: the replaced item's were another story's ("Markets tumble in Casablanca" offered the
    Business of the item it corrected, not Morocco). A correction of a draft whose audience was not chosen yet goes
    to its own."""
    now = context.clock.now()
    countries = list(article.countries) if countries is None else countries
    topics = list(article.topics) if topics is None else topics
    tags = tuple([("country", c) for c in push_countries(article.title, countries)[:3]] + [("topic", t) for t in topics[:1]])
    # No country or topic found: no audience until the admin chooses one (Everyone too), as a test typed to try the
    # bot would otherwise reach every chat with one tap.
    audience = broadcast_store.Audience(everyone=False, tags=tags)
    replaced = await broadcast_store.get(context.db, replacing) if replacing is not None else None
    if replaced is not None and replaced.status == "draft" and (replaced.audience.everyone or replaced.audience.tags):
        audience = broadcast_store.Audience(True, tags) if replaced.audience.everyone else replaced.audience
    assert update.effective_user is not None
    preview = breaking_text(render_item(replace(article, summary=text) if text else article, now, None))
    broadcast_id = await broadcast_store.create_draft(context.db, update.effective_user.id, article.id, preview, audience, now,
                                                      typed_headline_chars=headline_chars,
                                                      admin_name=update.effective_user.full_name)
    # after the new draft holds its article, which may be the same one
    if replaced is not None and await broadcast_store.discard_draft(context.db, replaced.id, now, replaced_by=broadcast_id):
        await _show_replaced(context, replaced, broadcast_id)
    try:
        shown = await reply_html(update, preview)
        if shown is not None:
            await broadcast_store.set_preview_message(context.db, broadcast_id, shown.message_id)
    except ReplyQueued:  # the bot is stopping: the controls are queued behind the preview, to use once it runs
        await _show_controls(update, context, broadcast_id, note)
        raise
    await _show_controls(update, context, broadcast_id, note)


async def _show_replaced(context: Ctx, replaced: broadcast_store.Broadcast, broadcast_id: int) -> None:
    """The replaced draft's controls, which asked for its correction, say what took its place, without buttons."""
    if replaced.progress_chat_id is None or replaced.progress_message_id is None:
        return
    text = (f"⬆️ Preview of breaking push #{replaced.id}\nReplaced by push #{broadcast_id}, its correction below: "
            f"#{replaced.id} will not be sent.")
    try:
        await context.bot.edit_message_text(text, chat_id=replaced.progress_chat_id,
                                            message_id=replaced.progress_message_id, reply_markup=None)
    except TelegramError as e:  # deleted, too old: its buttons are refused anyway (on_button)
        log.info("replaced push controls not edited chat=%s message=%s error=%s",
                 replaced.progress_chat_id, replaced.progress_message_id, e)


def replaced_note(broadcast: broadcast_store.Broadcast) -> str | None:
    """How an answer about a draft its correction replaced begins; None for any other push."""
    if broadcast.replaced_by is None:
        return None
    return f"Push #{broadcast.id} was replaced by push #{broadcast.replaced_by}, its correction, and not sent"


async def audience_command(update: Update, context: Ctx) -> None:
    """/audience N <countries and topics, comma-separated>: send push N to those subscribers instead."""
    if not await require_admin(update, context):
        return
    args = context.args or []
    number = parse_id(args[0]) if args else None
    if number is None or len(args) < 2:
        await reply_html(update, AUDIENCE_USAGE)
        return
    broadcast = await broadcast_store.get(context.db, number)
    if broadcast is None:
        await reply_html(update, f"There is no draft #{number}. /breaking starts one.")
        return
    if broadcast.status != "draft":
        done = "cancelled" if broadcast.status == "cancelled" and broadcast.started_at is None else "already sent"
        answer = f"Push #{number} is {done}: its audience can no longer change. /breaking starts a new one."
        if replaced := replaced_note(broadcast):
            answer = f"{replaced}: send /audience {broadcast.replaced_by} with the audience to change that one's."
        await reply_html(update, answer)
        return
    if " ".join(args[1:]).strip().lower() in ("everyone", "all", "all subscribers"):
        await broadcast_store.set_everyone(context.db, broadcast.id, True)
        await _show_controls(update, context, broadcast.id)
        return
    names = split_names(args[1:])  # as /subscribe reads them: "libya tech", "libya, tech", "🇱🇾 tech"
    if names.unknown or not names.found:
        await reply_html(update, audience_unknown(broadcast.id, names) if names.unknown else AUDIENCE_USAGE)
        return
    await broadcast_store.set_audience(context.db, broadcast.id, broadcast_store.Audience(False, names.found))
    await _show_controls(update, context, broadcast.id)


async def _show_controls(update: Update, context: Ctx, broadcast_id: int, note: str = "") -> None:
    """The draft's controls in a new message, which the push's progress and report then edit; the controls it
    replaces lose their buttons (a tap on them would be refused anyway: _is_latest) and their audience and count,
    out of date now, for a pointer to the new ones. `note` (HTML): what the draft's first look says under them."""
    before = await broadcast_store.get(context.db, broadcast_id)
    text, markup = await controls(context.db, broadcast_id, context.clock.now())
    control = await reply_html(update, text + (f"\n\n{note}" if note else ""), markup)
    if control is not None:
        await broadcast_store.set_progress_message(context.db, broadcast_id, control.chat.id, control.message_id)
        if before is not None and before.progress_chat_id is not None and before.progress_message_id is not None:
            below = before.progress_chat_id == control.chat.id  # not so after another admin's /audience elsewhere
            await _show_superseded(context, broadcast_id, before.progress_chat_id, before.progress_message_id, below)


async def _show_superseded(context: Ctx, broadcast_id: int, chat_id: int, message_id: int, below: bool) -> None:
    """Old controls of a draft say newer ones replace them, without buttons; if Telegram refuses (deleted, too
    old), no matter."""
    where = "the controls below" if below else "newer controls in another chat"
    text = f"⬆️ Preview of breaking push #{broadcast_id}\nReplaced by {where}."
    try:
        await context.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, reply_markup=None)
    except TelegramError as e:
        log.info("old push controls not edited chat=%s message=%s error=%s", chat_id, message_id, e)


async def _drop_buttons(context: Ctx, chat_id: int, message_id: int) -> None:
    """Take an out-of-date control message's buttons away; if Telegram refuses (deleted, too old), no matter."""
    try:
        await context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
    except TelegramError as e:
        log.info("old push controls kept their buttons chat=%s message=%s error=%s", chat_id, message_id, e)


def _asking_for_correction(controls_text: str, query: CallbackQuery) -> str:
    """The draft's controls while ✏️ Edit waits for its correction: they say how to send it."""
    private = query.message is None or query.message.chat.type == ChatType.PRIVATE
    ask = "Send the corrected text or link" if private else "Reply to this message with the corrected text or link"
    return f"{controls_text}\n\n✏️ {ask}: it keeps this audience. /cancel keeps the push as it is."


def _is_latest(broadcast: broadcast_store.Broadcast, message: MaybeInaccessibleMessage | None) -> bool:
    """Whether a tapped control message is the draft's latest. Message ids grow within a chat; a control
    message queued at a stop and sent after the restart is newer than the one recorded, and acts."""
    if broadcast.progress_message_id is None or message is None:
        return True
    return message.chat.id == broadcast.progress_chat_id and message.message_id >= broadcast.progress_message_id


async def on_button(update: Update, context: Ctx) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    if not (query.from_user and await is_admin(context, query.from_user.id)):
        await answer_tap(query, "This is for admins.", show_alert=True)
        return
    _, raw_id, action, shown, counted = (query.data.split(":") + ["", "", "", ""])[:5]
    number = parse_id(raw_id)
    broadcast = await broadcast_store.get(context.db, number) if number is not None else None
    if broadcast is None or broadcast.status != "draft":
        replaced = replaced_note(broadcast) if broadcast is not None else None
        await answer_tap(query, f"{replaced}: use that one's preview." if replaced else "This push was already sent or cancelled.",
                         show_alert=True)
        if replaced and query.message is not None:  # the buttons an edit should have taken away (_show_replaced)
            await _drop_buttons(context, query.message.chat.id, query.message.message_id)
        return
    if not _is_latest(broadcast, query.message):
        await answer_tap(query, "This preview is out of date — use the latest one.", show_alert=True)
        if query.message is not None:
            await _drop_buttons(context, query.message.chat.id, query.message.message_id)
        return
    if query.message is not None and query.message.message_id != broadcast.progress_message_id:
        # newer than the one recorded (queued at a stop): from now on the one that acts
        await broadcast_store.set_progress_message(context.db, broadcast.id, query.message.chat.id, query.message.message_id)
    now = context.clock.now()
    if action in ("all", "tags"):
        await broadcast_store.set_everyone(context.db, broadcast.id, action == "all")
        text, markup = await controls(context.db, broadcast.id, context.clock.now())
        if await wait_store.correction_awaited(context.db, broadcast.id, now):  # the Edit still waits: keep asking
            text = _asking_for_correction(text, query)
        await answer_tap(query)
        await edit_query_message(query, text, markup)
    elif action == "no":
        await broadcast_store.discard_draft(context.db, broadcast.id, now)
        await answer_tap(query, "Cancelled")
        await edit_query_message(query, cancelled_text(broadcast.id), None)
    elif action == "edit":  # the draft stays until its correction is drafted (make_draft)
        if query.message is not None:
            await wait_for_item(context, query.from_user.id, query.message.chat.id, replacing=broadcast.id,
                                prompt_id=query.message.message_id)
        await answer_tap(query)
        text, markup = await controls(context.db, broadcast.id, context.clock.now())  # still usable: the admin may think better of it
        await edit_query_message(query, _asking_for_correction(text, query), markup)
    elif action == "go":
        await confirm(query, context, broadcast, shown or None, parse_id(counted))
    else:
        await answer_tap(query, "This button is no longer valid.", show_alert=True)


async def confirm(query, context: Ctx, broadcast: broadcast_store.Broadcast, shown: str | None,  # type: ignore[no-untyped-def]
                  previewed: int | None = None) -> None:
    """Push the draft to the audience the tapped controls show (`shown`: its digest; None from controls made
    before buttons carried it); if it changed since, or reaches nobody, nothing goes and the controls show why.
    `previewed`: the recipients those controls counted, which the answer and the report set beside the recount."""
    article = await article_store.get_article(context.db, broadcast.article_id or 0)
    if article is None:
        await answer_tap(query, "The item is gone; start again with /breaking.", show_alert=True)
        return
    now = context.clock.now()
    try:
        total = await broadcast_store.start(context.db, broadcast.id, OutgoingMessage(broadcast.text),
                                            (article.story_id, article.id), now, shown=shown, previewed=previewed,
                                            passes=reach(article, broadcast.audience, now).passes, quiet=quiet_at(now))
    except broadcast_store.PushRefused as e:
        if isinstance(e, broadcast_store.AudienceChanged):
            answer = "The audience changed since this preview: nothing was sent. Check it and confirm again."
        else:
            answer = "Nobody follows this audience: nothing was sent. Choose another with /audience, or Cancel."
        await answer_tap(query, answer, show_alert=True)
        text, markup = await controls(context.db, broadcast.id, context.clock.now())
        await edit_query_message(query, text, markup)
        return
    if total == 0:  # confirmed twice: the first one queued it
        await answer_tap(query, "This push was already sent or cancelled.", show_alert=True)
        return
    note = recount_note(previewed, total)
    await answer_tap(query, f"Sending to {total}" + (f" ({note})" if note else ""), show_alert=bool(note))
    if query.message is not None:  # progress and report go in the controls tapped (sent from the outbox, say)
        await broadcast_store.set_progress_message(context.db, broadcast.id, query.message.chat.id, query.message.message_id)
    if "delivery" in context.bot_data.services:
        context.bot_data.services["delivery"].wake()
    start_watching(context.application, broadcast.id, total)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("breaking", breaking_command))
    breaking_cancel.register(app)
    app.add_handler(CommandHandler("audience", audience_command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^bk:"))
    in_reach = filters.ChatType.PRIVATE | (filters.ChatType.GROUPS & filters.REPLY)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & in_reach, pasted), group=1)
    push_progress.register(app)
    breaking_waits.register(app)
    breaking_alerts.register(app)

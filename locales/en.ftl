# Lanterne's pages in English. One file per language: copy this one to locales/<tag>.ftl
# (fr.ftl, de.ftl …), translate the text right of each `=`, keep the names on the left and
# the { $variables }. Syntax: https://projectfluent.org/fluent/guide/

## The language and how it writes numbers and days

language-name = English
# Between groups of three digits: 14,601.
number-group = ,
number-decimal = .
percent = { $value }%
# A change in a share, in percentage points.
points = { $value } { $n ->
    [one] pt
   *[other] pts
}
# strftime: %Y year, %m month, %d day.
date-format = %Y-%m-%d
# Spreadsheets in this language read CSV columns split by this character.
csv-separator = ,
# "yes": CSV files start with a byte order mark, which this language's Excel needs.
csv-bom = no

## Counts

count-links = { $count } { $n ->
    [one] link
   *[other] links
}

## Pages a visitor may meet on a short link

not-found-title = Link not found
not-found-text = There is no short link at this address. Check that it was copied whole.
gone-title = Link unavailable
gone-text = This short link no longer leads anywhere: it was turned off, or its destination is no longer allowed on this server.
unavailable-title = Try again in a moment
unavailable-text = This link cannot be looked up right now. Please retry shortly.
too-many-title = Too many unknown links
too-many-text = This address asked for too many links that do not exist. Please wait a minute.
expired-title = Link expired
expired-text = This short link has expired and no longer leads anywhere.
not-started-title = Link not active yet
not-started-text = This short link is not active yet: it opens on { $date } at { $time } ({ $zone }). Come back then.
password-title = Password required
password-heading = This link is protected
password-text = Enter the password you were given to continue.
password-wrong = That password is not right. Please try again.
password-limited = Too many wrong passwords. Please wait a few minutes, then try again.
password-continue = Continue
protected-title = Protected link
protected-text = Open this link in a browser and enter its password to continue.
card-continue = Continue to the page

## Errors of the web UI

error-not-allowed = Not allowed
error-not-valid = Not valid
error-not-possible = Not possible
error-method = Not available this way
error-method-text = This address does not take this kind of request. Open it from a link or a form of Lanterne.
# The link under an error page to someone signed in; { $page } is a page's name in the navigation.
error-back = Back to { $page }
error-not-found = Not found
error-not-found-text = { $what }: it may have been deleted. Go back and reload the page.
# { $what } is one of the missing-… messages below.
error-missing-text = { $what }: it may have been deleted. Go back and reload the page.
error-expired-form = This form has expired
error-expired-form-text = The form was not sent from this session. Go back, reload the page and try again.
error-form-too-large = Form too large
error-form-too-large-text = The form is larger than { $most } MB, so nothing of it was kept: its card image may be at most { $image } MB. Go back, choose a smaller image and send the form again.
error-fault = Something went wrong
error-fault-text = This page could not be made; the cause is in the server's log.
error-read-only = Your role can read the dashboard and links, but not change them. Ask an admin.
error-other-site = Sent from another site
error-other-site-text = This form only works from this site's own page. Open it here and try again.
error-bad-filter = Bad filter
error-bad-filter-text = The period or time zone is not valid.

## Every page

skip-to-content = Skip to content
nav-main = Main
nav-dashboard = Dashboard
nav-links = Links
nav-campaigns = Campaigns
nav-your-sites = Site sharing
nav-kit = Share kit
nav-users = Users
nav-channels = Channels
nav-sites = Site snippets
nav-tokens = API tokens
nav-account = Your account
sign-out = Sign out
role-admin = admin
role-marketer = marketer
role-analyst = analyst
base-url-unreachable = Short links point at { $base }, an address no visitor can reach. Set LANTERNE_BASE_URL to this server's public address (such as https://go.example.com) and restart Lanterne.
tagline = Short links that measure dark social: private sharing told apart from public sharing.

## Sign in and setup

sign-in = Sign in
email = Email
password = Password
setup-title = Set up
setup-heading = Create the first administrator
password-hint = (at least 10 characters)
password-again = Confirm the password
setup-submit = Create and sign in
setup-once = This page is shown once, while the server has no user.
setup-bad-email = Enter a valid email address.
setup-weak-password = Choose a longer password: at least 10 characters.
setup-passwords-differ = The two passwords are not the same.
login-too-many = Too many failed sign-ins. Wait { $count } { $n ->
    [one] minute
   *[other] minutes
} and try again.
login-wrong = The email or the password is not right.

## Your account

account-title = Your account
account-preferences = Language and time zone
account-language = Language
account-language-browser = As my browser asks ({ $language })
account-timezone = Time zone
account-timezone-server = The server's ({ $zone })
account-timezone-hint = Hours, times and the live view are shown in it. Days run midnight to midnight in the server's zone, so that every viewer counts the same days.
account-save = Save
account-unknown-timezone = { $zone } is not a time zone: choose one from the list.
account-unknown-language = There is no language { $tag }.

## Dashboard

dashboard-title = Dashboard
dashboard-heading = Dark social dashboard
dashboard-one-link = One link:
dashboard-all-links = all links
filters = Filters
filter-period = Period
period-24h = Last 24 hours
period-7d = Last 7 days
period-30d = Last 30 days
period-90d = Last 90 days
period-all = Since the campaign began
period-range = { $from } to { $to }
filter-from = From
filter-custom = (custom)
filter-to = To
filter-campaign = Campaign
filter-all-campaigns = All campaigns
filter-channel = Channel
filter-all-channels = All channels
filter-tags = Tags
filter-all-tags = All tags
filter-link = Link
filter-slug = A link's slug, or host/slug for a link on a branded domain
filter-slug-placeholder = slug or host/slug
filter-automated = Count previews and bots
filter-show = Show
dashboard-days-note = Days run midnight to midnight, { $zone } time (the server's time zone). Custom dates override the period.
figures-as-of = Figures as of { $time }: the read replica they come from is more than 10 seconds behind. Clicks since then are counted, and will show once it catches up.
dashboard-overview = Overview
how-much-dark = How much is dark?
of-clicks-dark = of clicks are dark
benchmark = — benchmark { $value } ({ $source })
source-dark = Dark
source-public = Public
source-search = Search
source-referral = Referral
chart-split-label = Dark, public, search and referral clicks
dark-vs-public-line = Private against public sharing, search and referral left out: { $share } dark. No referrer at all: { $count } { $n ->
    [one] click
   *[other] clicks
}.
traffic = Traffic
traffic-hits = hits
traffic-clicks = clicks
unique-visitors = { $count } unique { $n ->
    [one] visitor
   *[other] visitors
}
shares-detected-line = { $previews_n ->
    [one] share detected
   *[other] shares detected
} (link previews in WhatsApp, iMessage, Slack…) and { $bots } { $bots_n ->
    [one] bot
   *[other] bots
}
not-counted = , not counted as clicks
dashboard-untracked = And { $count } { $n ->
    [one] visit
   *[other] visits
} without tracking (DNT/GPC) since the link was created: counted apart, and in no other figure of this page.
mobile-heading = Is dark social on mobile?
of-dark-mobile = of dark clicks are on mobile
mobile-public = Public clicks on mobile: { $share }.
per-bucket = Dark against public, per { $bucket ->
    [hour] hour
   *[day] day
}
right-now = Right now
live-loading = Loading the last 30 minutes…
live-noscript = With scripts off, open
live-noscript-link = the last 30 minutes
live-noscript-end = , a page that reloads itself every 10 seconds.
live-title = Last 30 minutes
live-page-every = This page reloads itself every 10 seconds.
live-back = Back to the dashboard
live-every = Updated every 10 seconds while this page is open.
nothing-in-period = Nothing in this period.
cities-unknown = No cities: the geolocation database in use gives countries only (a city database can be set with LANTERNE_GEOIP_DB).
download-csv = Download CSV
download-everything = Download every table (zip of CSV files)
chart-label = Clicks per { $bucket ->
    [hour] hour
   *[day] day
}, dark against public
chart-title = Clicks per { $bucket ->
    [hour] hour
   *[day] day
}
# A bar's tooltip; $source is dark, public, search or referral.
chart-bar = { $day }: { $count } { $source ->
    [dark] dark
    [public] public
    [search] search
   *[referral] referral
} { $n ->
    [one] click
   *[other] clicks
}

## The last 30 minutes

live-clicks = { $n ->
    [one] click
   *[other] clicks
} in the last 30 minutes:
live-dark = { $count } dark
live-public = { $count } public
# Follows the public clicks.
live-other = , { $count } from search engines and other sites
# Ends the sentence.
live-previews = ; and { $count } { $n ->
    [one] share
   *[other] shares
} detected (link previews).
live-minute = Minute
live-caption = Clicks by source, minute by minute, over the last 30 minutes

## The dashboard's tables

table-channels = How much of each channel leaks into private chats?
table-themes = Which theme is shared most in private?
table-campaigns = Campaigns
table-devices = Devices
table-countries = Countries
table-cities = Cities
table-referrers = Top referrers
table-platforms = Top platforms (shares detected are link previews made in that app)
table-links = Top links
table-days = Per day
table-hours = Per hour
table-recent = Recent hits of this link
table-destinations = Which destination do people share in private? (this link's URL, rules and A/B variants)
# Each dashboard table's caption: what it holds, for a screen reader's list of tables (its
# title, above it, is the question it answers).
table-channels-caption = Clicks, dark share, leakage and shares detected per declared channel
table-themes-caption = Dark and public clicks per tag
table-campaigns-caption = Clicks by source and shares detected per campaign
table-devices-caption = Clicks by source and shares detected per device
table-countries-caption = Clicks by source and shares detected per country
table-cities-caption = Clicks by source and shares detected per city
table-referrers-caption = Clicks by source and shares detected per referrer
table-platforms-caption = Clicks by source and shares detected per platform
table-links-caption = Clicks by source and shares detected per link, with its campaign and channel
table-days-caption = Clicks by source and shares detected over the period, in time order
table-destinations-caption = Clicks by source and shares detected per destination of this link
table-recent-caption = This link's latest hits, each with its class and the clues that decided it
col-destination = Destination
col-destination-url = Sends to
col-picked-by = Chosen for
destination-url = The link's URL
destination-rule = Rule { $n }
destination-variant = Variant { $n }
destination-expired = After the end
destination-none = Password page
picked-by-device = { $device }
picked-by-country = { $country }
picked-by-weight = Weight { $weight }
col-channel = Channel
col-reach = Reach
col-clicks = Clicks
col-dark = Dark
col-public = Public
col-search = Search
col-referral = Referral
col-previews = Shares detected
col-dark-share = Dark share
col-leakage = Leakage (public channels)
col-shares-detected = Shares detected
col-shares-by-platform = Shares by platform
col-tag = Tag
col-private-vs-public = Private against public
col-campaign = Campaign
col-device = Device
col-country = Country
col-city = City
col-referrer = Referrer
col-platform = Platform
col-link = Link
col-day = Day
col-hour = Hour
col-time = Time
col-kind = Kind
col-source = Source
col-evidence = Evidence
col-browser = Browser
# Values in the tables' cells, on the page and in its CSV downloads; the API keeps the raw ones (`desktop`, `(unknown)`).
device-desktop = Desktop
device-mobile = Mobile
device-tablet = Tablet
device-bot = Bot
device-previews = Link previews
device-preview = Link preview
device-other = Other device
device-unknown = Unknown device
kind-click = click
kind-preview = preview
kind-bot = bot
source-value-dark = dark
source-value-public = public
source-value-search = search
source-value-referral = referral
evidence-referrer = referrer
evidence-user_agent = user agent
evidence-none = none
value-unknown = (unknown)
value-no-campaign = (no campaign)
value-untagged = (no theme)
reach-private = private
reach-public = public
reach-other = other
# The built-in channels' names, on the pages and in the dashboard's CSV (their keys stay as they are in links, the links export and the API).
channel-name-whatsapp = WhatsApp
channel-name-messenger = Messenger
channel-name-telegram = Telegram
channel-name-signal = Signal
channel-name-sms = SMS
channel-name-email = Email
channel-name-newsletter = Newsletter
channel-name-slack = Slack
channel-name-discord = Discord
channel-name-facebook = Facebook
channel-name-x = X
channel-name-linkedin = LinkedIn
channel-name-instagram = Instagram
channel-name-tiktok = TikTok
channel-name-reddit = Reddit
channel-name-qr = QR / print
channel-name-copy-link = Copy link
channel-name-other = Other

## Against the period before

compare-count = { $change } against { $before }
# The period before had none: $change is the count now, signed (+11).
compare-new = new: { $change }, none before
compare-still-none = still none
compare-share = { $change } against { $before }
compare-period = Against the period before: { $from } to { $to }, as long and with the same filters.
report-period = Period: { $from } – { $to }
report-made = Generated on { $when } ({ $zone }).
report-range = A range of days
compare-period-report = Against the period before: { $from } to { $to }, as long.
chart-previous = The period before
benchmark-source = RadiumOne/po.st, 2014

## What the words mean (one hover or tap away)

words = What the words mean
define-clicks = Clicks
define-clicks-text = People who followed a link. Link previews and bots are not clicks: they are counted apart.
define-dark = Dark
define-dark-text = A click with no sign of a public source: no referrer, or a private channel's (webmail, a messenger's web or in-app browser). This is sharing in private: messages, email, SMS, copy-paste.
define-public = Public
define-public-text = A click from a public social network (Facebook, X, LinkedIn, Instagram, Reddit…): its referrer or its in-app browser says so.
define-search = Search
define-search-text = A click from a search engine.
define-referral = Referral
define-referral-text = A click from any other web page: blogs, news sites, AI assistants…
define-dark-share = Dark share
define-dark-share-text = Dark clicks among all clicks. The one headline figure of how much is shared in private.
define-private-vs-public = Private against public
define-private-vs-public-text = Dark clicks among dark and public clicks only, search and referral left out: how people share when they share, in private or in public.
define-shares-detected = Shares detected
define-shares-detected-text = Link previews: an app (WhatsApp, iMessage, Slack…) fetched the link to show a preview because someone pasted it there, even if nobody has clicked yet.
define-leakage = Leakage
define-leakage-text = For a link posted publicly (Facebook, X, LinkedIn…): the share of its clicks that came in private. The post was carried on into private chats.
define-no-referrer = No referrer
define-no-referrer-text = Clicks that arrived with no referrer at all: the classic definition of dark social (Alexis C. Madrigal, 2012).
define-mobile-dark = Dark clicks on mobile
define-mobile-dark-text = The share of dark clicks made on a phone or a tablet: how much of the private sharing happens on mobile.
define-benchmark = Benchmarks
define-benchmark-text = 69% of all sharing is dark, and 36% of dark sharing happens on mobile (RadiumOne/po.st, 2014).

## A campaign's page: its report, links and settings

campaign-report = How did this campaign do?
campaign-print = Print or save as PDF
campaign-per-channel = Per channel
# The report's table for a screen reader ($from, $to: the period's first and last days).
report-channels-caption = Clicks, dark share, leakage and shares of the campaign { $campaign } per channel, { $from } – { $to }
campaign-trend = Clicks per day
campaign-no-channel = No channel
campaign-dashboard-link = Everything about this campaign on the dashboard →
campaign-summary = Summary
campaign-destination = Destination
campaign-none = none
campaign-utm-off = off
campaign-links = Links per channel
campaign-links-caption = Links of the campaign { $campaign }, per channel
# A campaign's row for a screen reader ($link: go.example/abc, $channel: WhatsApp).
link-on-channel = { $link } ({ $channel })
campaign-copy-all = Copy all links
campaign-copy-line = { $channel }: { $url }
campaign-short-link = Short link
campaign-qr = QR code
campaign-qr-of = QR code of { $url }
campaign-actions = Actions
campaign-off = (off)
campaign-blocked = (blocked)
campaign-copy = Copy
campaign-stats = Stats
campaign-edit = Edit
campaign-turn-off = Turn off
campaign-turn-on = Turn on
campaign-no-more-links = No more links.
campaign-no-links = No links in this campaign (any more).
campaign-add-channels = Add channels
campaign-every-channel = Every channel of the catalogue has a link in this campaign.
campaign-add-legend = One new link for each channel ticked, to { $url }
campaign-add-submit = Add the links
campaign-settings = Settings for new links
campaign-settings-hint = Links already made keep their destination; edit them one by one if it must change.
campaign-destination-url = Destination URL
campaign-utm-add = Add utm_source, utm_medium and utm_campaign to new links
campaign-save-settings = Save settings
card-legend = Preview card
card-hint = What WhatsApp, iMessage, Slack or Telegram show when one of the links the kit makes for this campaign is pasted. Leave it empty and they show the destination's own.
card-title = Title
card-description = Description
card-image = Image URL
campaign-rename = Rename
campaign-rename-hint = Its links carry the new name at once, and the dashboard counts their clicks under it. utm_campaign stays as set above.
campaign-name = Name
campaign-delete = Delete the campaign
campaign-delete-confirm = Delete the campaign { $name }?
campaign-delete-confirm-links = Delete the campaign { $name } and { $n ->
    [one] its link, with all its hits
   *[other] its { $count } links, with all their hits
}? This cannot be undone.
campaign-delete-confirm-keeping = Delete the campaign { $name }? { $n ->
    [one] Its link stays
   *[other] Its { $count } links stay
}, without a campaign.
campaign-its-links = { $n ->
    [one] Its link
   *[other] Its { $count } links
}
campaign-keep-links = { $n ->
    [one] Keep it and its hits, without a campaign
   *[other] Keep them and their hits, without a campaign
}
campaign-delete-links = { $n ->
    [one] Delete it and all its hits too
   *[other] Delete them and all their hits too
}
campaign-delete-has-links = This campaign still has links: choose whether to delete them with it or keep them without a campaign.
campaign-has-no-links = It has no links.
sparkline-label = { $channel }: { $count } { $n ->
    [one] click
   *[other] clicks
} over { $days } days
share-title = Share this report with a client
share-hint = A secret link opens this report, and nothing else, without signing in. Whoever has the link can read it until it expires or you revoke it.
share-make = Make a share link
share-label = For whom (optional)
share-label-example = Maison Dupont, marketing team
share-made-now = Share link made. Copy it now: it is shown only this once.
share-made = Made on { $date } by { $who }
share-revoke = Revoke
share-revoke-confirm = Revoke this link? Whoever has it can no longer read the report.
share-read-only = A read-only report, shared with you.
share-revoked-title = No longer shared
share-revoked-text = This report is no longer shared. Ask whoever sent you the link for a new one.
share-unknown-title = No such report
share-unknown-text = This link opens no report. Check that it was copied whole.
share-label-on-report = Show it on the report, as "Prepared for …" under the campaign's name
share-label-hint = With the box ticked the client reads this name on the report: write it as they should see it. Untick it to keep the name for this list only.
share-period-hint = The report opens on the period shown above ({ $period }); its reader can choose another.
share-period = Opens on: { $period }
share-label-private = not shown on the report
share-language = Language of the report
share-language-en = Report in English
share-language-fr = Report in French
share-language-reader = In the reader's browser language
share-expires = Link valid for
share-lapse-never = Until revoked
share-lapse-30 = 30 days
share-lapse-90 = 90 days
share-lapse-365 = 1 year
share-expires-on = Expires on { $date }
share-expired-on = Expired on { $date }: it no longer opens the report
share-remove = Remove
# What a screen reader says for this control on each row, naming the row.
share-revoke-of = Revoke the share link ({ $share })
share-remove-of = Remove the share link ({ $share })
share-for = Prepared for { $who }
report-by = Prepared by { $agency }
report-by-for = Prepared by { $agency } for { $who }

# Importing links (/links/import) and downloading them all (Links page)
import-title = Import links
import-upload = A file from another shortener
import-intro = Links keep their slugs, so printed links and QR codes keep working once their domain points here and is chosen under Domain (the Domains page adds it). Importing the same file again changes nothing. Rows that cannot be imported are listed by line; the others go in.
import-format = Format
import-file = File
import-campaign = Campaign of rows that name none (optional)
import-on-domain = The links go on { $domain }.
import-preview = Preview
import-preview-title = What importing it would do
import-first-rows = First rows
# The preview's table, for a screen reader's list of tables.
import-first-rows-caption = The file's first rows: each one's line, slug and destination, and what importing it would do
import-line = Line
import-slug = Slug
import-url = Destination
import-verdict = What happens
import-verdict-new = New link
import-verdict-unchanged = Unchanged: already here
import-problems = Rows that cannot be imported
import-problem = Line { $line }: { $reason }
import-count-new = { $n ->
    [one] { $count } new link
   *[other] { $count } new links
}
import-count-created = { $n ->
    [one] { $count } link imported
   *[other] { $count } links imported
}
import-count-unchanged = { $count } unchanged
import-count-problems = { $n ->
    [one] { $count } row not importable
   *[other] { $count } rows not importable
}
import-confirm = { $n ->
    [one] Import { $count } link
   *[other] Import { $count } links
}
import-done-title = Import done
import-see-links = See the links
import-another = Import another file
import-no-file = Choose a file to import.
import-no-format = Choose the file's format from the list.
links-import = Import links
links-export-csv = Download all links (CSV)
links-export-json = Download all links (JSON)
## What any settings page may answer

# Shown to a signed-in user who is not an admin.
admins-only-channels = Only admins add or remove channels. Ask an admin if you need this.
admins-only-domains = Only admins add or remove domains. Ask an admin if you need this.
admins-only-sites = Only admins register or change sites. Ask an admin if you need this.
admins-only-tokens = Only admins manage API tokens. Ask an admin if you need this.
admins-only-users = Only admins manage users. Ask an admin if you need this.
admins-only-webhooks = Only admins manage webhooks. Ask an admin if you need this.
admins-only-agency = Only admins change the agency's name. Ask an admin if you need this.
admins-only-import = Only admins import links. Ask an admin if you need this.
admins-only-invitations = { admins-only-users }
# What was not found, before error-not-found-text.
missing-campaign = There is no such campaign
missing-channel = There is no such channel
missing-domain = There is no such domain
missing-site = There is no such site
missing-table = There is no such table
missing-link = There is no such link
missing-user = There is no such user
missing-share-link = There is no such share link
missing-invitation = There is no such invitation
missing-webhook = There is no such webhook
missing-token = There is no such token
creation-limited = You can create at most { $count } { $n ->
    [one] link
   *[other] links
} a minute. Wait a moment.
col-hits = Hits
col-created = Created

## Campaigns

campaigns-new = New campaign
campaigns-new-hint = with the share kit: one link per channel
campaigns-newest-first = (newest first)
campaigns-caption = Every campaign, newest first, with its destination, tags, links and clicks
campaigns-none = No campaigns yet.
campaigns-none-start = No campaigns yet: start one with the
campaigns-kit-link = share kit

## Settings → Channels

channels-intro = Where marketers put links. The share kit offers every channel below; the reach decides how the dashboard counts a channel (private channels are dark social) and its links' utm_medium.
channels-add = Add a channel
channels-key = Key
channels-key-hint = (optional: made from the label; a-z, 0-9, -)
channels-key-title = Lowercase letters, digits and -
channels-label = Label
channels-label-placeholder = Staff intranet
channels-submit = Add channel
channels-catalogue = Catalogue
channels-remove = Remove
# What a screen reader says for this control on each row, naming the row.
channels-remove-of = Remove the channel { $label }
channels-remove-confirm = Remove the channel { $label }? Links declared for it keep it, counted as other.
channels-built-in = built in
channels-gender = French gender
channels-gender-hint = (French pages agree the reach with the label: « Newsletter privée »)
channels-gender-masculine = Masculine (« privé »)
channels-gender-feminine = Feminine (« privée »)
channels-gender-of = French gender of { $label }
channels-gender-save = Save
# What a screen reader says for this control on each row, naming the row.
channels-gender-save-of = Save the French gender of the channel { $label }

## Settings → Sites

# May hold <code> tags: keep them.
sites-intro = Your own web sites. Their pages include the snippet, which counts what short links cannot see: readers who copy the address from the browser bar into a chat, copies, and your share buttons. It sends, for each view, copy or share-button use, the site's key, the page's address (of its query only the utm_* parameters), the referrer and a share id kept in the address's fragment; no cookie, and no reader's address is stored. Readers who ask not to be tracked (Do Not Track, Global Privacy Control) are counted per page and day, nothing else.
sites-register = Register a site
sites-name = Name
sites-name-placeholder = Daily News
sites-domains = Domains
sites-domains-hint = (one per line; subdomains on their own)
sites-register-submit = Register
sites-readers-share = What its readers share
sites-key = Key
sites-key-hint = (public: it only names the site)
sites-domain-shared = { $domain } is also a domain of the site “{ $other }”: each page counts for the site whose key its snippet carries. Remove it from one of them unless that is what you want.
sites-snippet = The snippet
sites-snippet-where = Put it in the <code>&lt;head&gt;</code> of every page:
sites-copy = Copy the snippet
sites-options = With every option — copies counted, <code>utm_*</code> removed from the address bar once counted, and share buttons drawn into the element <code>id="share"</code>:
sites-copy-options = Copy the snippet with every option
sites-buttons-place = The share buttons are drawn into the element of the page with <code>id="share"</code>: put one where they belong.
sites-buttons-labels = The buttons speak the page's language, read from <code>&lt;html lang="…"&gt;</code>: French or English (English for other languages). To word them yourself, add to the snippet one <code>data-label-…</code> per button (<code>whatsapp</code>, <code>telegram</code>, <code>email</code>, <code>sms</code>, <code>copy</code>, <code>x</code>, <code>facebook</code>, <code>linkedin</code>, <code>share</code>), such as <code>data-label-copy="Copy the address"</code>, and <code>data-buttons-label="Share this article"</code> to name the group for screen readers.
sites-csp = A page with a Content-Security-Policy names Lanterne in two of its directives:
sites-change = Change
sites-save = Save
sites-delete = Delete this site
# What a screen reader says for this control on each row, naming the row.
sites-copy-of = Copy the snippet of the site { $site }
sites-copy-options-of = Copy the snippet with every option, site { $site }
sites-save-of = Save the site { $site }
sites-delete-of = Delete this site ({ $site })
sites-name-of = Name of the site { $site }
sites-domains-of = Domains of the site { $site }
sites-delete-confirm = Delete the site { $name } and its pages' figures? Its share-button links stay, with their clicks.
sites-none = No site yet.
sites-reception = Is the snippet heard?
sites-last-event = Last event received: { $when }.
sites-no-event = No event received yet. Once the snippet is in a page on one of the domains above, opening that page sends one (readers who ask not to be tracked are counted without a time, so their views do not show here).
sites-refused = Refused recently — these hosts sent events that were not counted:
sites-refused-page = { $host } (not one of the site's domains): { $count } { $n ->
    [one] event
   *[other] events
}, the last on { $when }
sites-refused-origin = { $host } (the browser said the page was there, and it is not one of the site's domains): { $count } { $n ->
    [one] event
   *[other] events
}, the last on { $when }
sites-add-domain = Add { $host } to the site
site-taken = There is a site named “{ $name }” already. Choose another name.
site-name-missing = Give the site a name.
site-name-too-long = The name is longer than 64 characters.
site-name-control = The name holds control characters.
site-no-domain = List at least one domain, such as news.example.
site-too-many-domains = A site lists at most 50 domains: register several sites.
site-wildcard = “{ $given }” is a wildcard: list each subdomain on its own line.
site-credentials = “{ $given }” holds a user name or password: give the host name only.
site-has-path = “{ $given }” has a path: give the host name only, such as news.example.
site-not-web = “{ $given }” is not a web address.
site-not-host = “{ $given }” is not a host name.
site-no-dot = “{ $given }” has no dot: give full host names, such as news.example, one per line (“agence test.fr” on one line reads as two names).

## Your sites: what their readers share

site-list-intro = How much of your own pages' sharing is dark: readers who copy the address into a chat or an email, copies, share buttons, and where every arrival came from. Counted by the snippet in your pages.
site-list-heading = Your sites
site-list-register = Register one
site-list-register-end = and put its snippet in your pages.
site-list-admin = An admin registers sites.
site-heading = { $site }: what its readers share
site-one-page = One page:
site-all-pages = all pages
site-days-note = Days run midnight to midnight in { $zone }. Only people count: link previews and bots are left out.
site-overview = Overview
site-how-dark = How much of the sharing is dark?
site-of-arrivals-dark = of arrivals are dark
site-no-arrival = no arrival yet in this period
site-benchmark = — benchmark { $value }
site-arrivals-line = { $arrivals } { $arrivals_n ->
    [one] arrival
   *[other] arrivals
} among { $views } { $views_n ->
    [one] view
   *[other] views
}; { $internal } { $internal_n ->
    [one] view
   *[other] views
} came from another page of the site, { $private } from readers who asked not to be tracked (counted, nothing else kept).
site-ga = The Google Analytics way
site-direct-deep = of arrivals are “direct” on a deep URL
site-direct-deep-text = { $count } { $n ->
    [one] arrival
   *[other] arrivals
} with no referrer at all on a page other than the home page, where nobody types the address: the heuristic analysts use for dark social in Google Analytics, beside the refined share on the left, which also counts webmail, messengers' in-app browsers and copied addresses.
site-how-shared = How is it shared?
site-address-bar = Address bar
site-address-bar-text = { $n ->
    [one] copied address opened
   *[other] copied addresses opened
}
site-copies = Copies
site-copies-text = { $n ->
    [one] selection copied
   *[other] selections copied
}
site-buttons = Share buttons
site-button-share = Phone's share menu
site-virality = Virality
site-no-share = no share yet
site-per-share = { $n ->
    [one] arrival per share
   *[other] arrivals per share
}
site-virality-text = { $shares } { $shares_n ->
    [one] share
   *[other] shares
} made (views whose address someone opened, and share-button uses); arrivals from them: { $opened } { $opened_n ->
    [one] copied address
   *[other] copied addresses
} opened, { $clicks } { $clicks_n ->
    [one] click
   *[other] clicks
} on share-button links.
site-generations = How far do shares travel?
site-generations-text = Generation 0 arrived without a share; generation 1 opened an address a generation-0 reader shared; and so on.
# The site-*-caption messages: what each table holds, for a screen reader's list of tables
# (its heading, above it, is the question it answers).
site-generations-caption = Views per generation of shares, and each generation's share of the views
site-col-generation = Generation
site-col-views = Views
site-col-share-of-views = Share of views
site-shares-csv = Shares by method (CSV)
site-pages = Which pages are shared?
site-pages-caption = Views, arrivals, dark share, shares by method and arrivals per share of each page
site-col-page = Page
site-col-arrivals = Arrivals
site-col-dark-share = Dark share
site-col-direct-deep = Direct, deep URL
site-col-buttons = Buttons
site-col-share-clicks = Share-link clicks
site-col-per-share = Arrivals per share
site-col-internal = From the site's pages
site-col-private-views = Views not tracked (DNT)
site-col-direct = Direct
site-col-shared-views = Views whose address was opened
site-col-method = Method
site-col-shares = Shares
site-no-view = No view in this period. Is the snippet in the site's pages?
site-more-pages = And { $count } more { $n ->
    [one] page
   *[other] pages
}, in the CSV.
site-utm = By UTM campaign
site-utm-text = Views by the utm_source, utm_medium and utm_campaign of the page's address: which campaign's readers pass the page on privately. Views whose address had no UTM tag are counted under “(none)”; readers who asked not to be tracked are counted per page only, not here.
site-utm-caption = Views, arrivals and dark social views per UTM source, medium and campaign
site-utm-none = (none)
site-utm-show = Show the views by UTM campaign
site-utm-on-demand = Counted when asked: on a busy site it reads every view of the period once more.
site-col-utm-source = Source (utm_source)
site-col-utm-medium = Medium (utm_medium)
site-col-utm-campaign = Campaign (utm_campaign)
site-col-dark-views = Dark social views
site-more-campaigns = And { $count } more { $n ->
    [one] row
   *[other] rows
}, in the CSV.

## Settings → API tokens

tokens-new-heading = Your new token
tokens-copy-now = Copy it now: it is shown only once and stored only as a digest.
tokens-new = New token
tokens-name = Name
tokens-name-placeholder = CRM export
col-role = Role
tokens-role-analyst = analyst (read only)
tokens-role-marketer = marketer (links)
tokens-create = Create token
tokens-list = Tokens
tokens-state = State
tokens-revoked = revoked
tokens-active = active
tokens-revoke = Revoke
# What a screen reader says for this control on each row, naming the row.
tokens-revoke-of = Revoke the token { $name }
tokens-revoke-confirm = Revoke the token { $name }? Programs using it will stop working.
tokens-none = No tokens yet.
pick-role = Pick a role: admin, marketer or analyst.

## Settings → Users

users-intro = Admins do everything; marketers make links and campaigns; analysts read the dashboard and links.
users-add = Add a user
users-people = People
users-since = Since
users-you = (you)
users-role-of = Role of { $email }
users-change = Change
users-delete = Delete
# What a screen reader says for this control on each row, naming the row.
users-change-of = Change the role of { $email }
users-delete-of = Delete { $email }
users-delete-confirm = Delete the account of { $email }? They are signed out at once.
users-taken = "{ $email }" has an account already.
users-delete-self = You cannot delete your own account: another admin can.
users-last-admin-role = You cannot change the role of the last admin: make another user admin first.
users-last-admin-delete = You cannot delete the last admin: make another user admin first.

## Pieces of several pages: QR codes, pages of a list, the tags field

qr-download = Download
pager-label = Pages
pager-previous = ← Previous
pager-page = Page { $page }
pager-next = Next →
tags-hint = (comma-separated themes)
tags-placeholder = offers, travel

## The share kit

kit-url-placeholder = https://example.com/spring
kit-intro = One short link per channel, in one step. Private channels (messengers, email, SMS) are where dark social happens; comparing them with public ones is what the dashboard shows.
kit-created = { $count } { $n ->
    [one] link
   *[other] links
} for { $campaign }
kit-reused = They joined the existing campaign, with its destination, tags and UTM setting.
kit-card-kept-title = The campaign's card kept its own title; the title in the form was not used.
kit-card-kept-description = The campaign's card kept its own description; the description in the form was not used.
kit-card-kept-image = The campaign's card kept its own image; the image in the form was not used.
kit-card-kept-change = Change the campaign's card in its settings →
kit-copy-and-qr = Copy and QR code
kit-open-campaign = Open the campaign: all its links, QR codes and hits →
kit-campaign-placeholder = Spring sale
kit-missing-channel = A channel is missing?
kit-add-to-catalogue = Add it to the catalogue
kit-utm = UTM parameters
kit-utm-add = Add utm_source (the channel), utm_medium and utm_campaign to each destination
optional = (optional)
kit-submit = Create the links
kit-utm-placeholder = from the name, e.g. spring-sale
kit-options-summary = Dates, click limit and password of these links
kit-options-hint = Every link made now gets them; the campaign does not keep them for the links it gets later. Each link can be changed on its own afterwards.

## Settings → Channels: what is wrong with a new channel

channel-key-length = The key must have 1 to 32 characters.
channel-key-chars = The key may only hold letters a-z, digits and '-'.
channel-key-not-from-label = The label "{ $label }" gives no usable key (letters a-z, digits and -): type a key.
channel-built-in = "{ $key }" is a built-in channel already.
channel-label-missing = Give the channel a label.
channel-label-too-long = The label is longer than 64 characters.
channel-label-control = The label contains control characters.
channel-bad-reach = The reach must be private, public or other, not "{ $reach }".
channel-bad-gender = The gender must be masculine or feminine, not "{ $gender }".
channel-taken = There is a channel "{ $key }" already.

## A link's options (the edit page and the share kit)

options-summary = Options: preview card, dates, click limit, password, targeting, A/B split
options-card-hint = What WhatsApp, iMessage, Slack, Telegram and other apps show when the link is pasted into a chat. People still go straight to the destination.
options-card-password = This link has a password: previews of it show "Protected link", never this card. Remove the password for chat apps to show the card.
options-card-upload = …or upload an image
options-card-upload-hint = (PNG, JPEG or WebP, at most 2 MB)
card-upload-again = The image you chose was not kept: choose it again.
options-card-image-alt = The card's image
options-dates = Dates and click limit
options-starts = Starts
options-expires = Expires
options-max-clicks = Click limit
options-max-clicks-hint = (people; previews and bots do not count)
options-expired-url = Once expired, send people to
options-expired-url-hint = (otherwise: a page saying the link has expired)
options-password = Password
options-new-password = New password
options-new-password-hint = (empty: keep the current one)
options-password-hint = (people must type it to go on)
options-password-remove = Remove the password
options-targeting = Targeting
options-targeting-hint = Tried in order: the first rule that matches decides; otherwise the destination (or the A/B split) above.
options-when = When
options-ios = iPhone or iPad
options-desktop = Desktop
options-country = Country
options-send-to = send to
options-ab = A/B split
options-ab-hint = Each person goes to one of these, in proportion to its weight; the dashboard then compares them. Leave empty for none.
options-weight = Weight
# What a screen reader says for each field of a targeting rule's or an A/B variant's row: its
# visible words, then its row, numbered as the dashboard's destinations are ("Rule 2").
options-rule-when-of = { options-when } (rule { $n })
options-rule-country-of = { options-country } (rule { $n })
options-rule-url-of = { options-send-to } (rule { $n })
options-variant-url-of = { campaign-destination } (variant { $n })
options-variant-weight-of = { options-weight } (variant { $n })
# The refusals below start a sentence the page capitalises and ends.
options-bad-start = the start is not a date and time
options-bad-end = the end is not a date and time
options-bad-max-clicks = the click limit must be a whole number
options-max-clicks-range = the click limit must be between 1 and { $max }
options-end-before-start = the end date (Expires) must be after the start date (Starts)
options-expired-url-alone = "{ options-expired-url }" only applies once the link has ended: set Expires or a click limit too, or leave it empty
options-rule-no-when = rule { $n }: choose a device or a country
options-bad-weight = variant { $n }: the weight must be a whole number from 0 to 1,000

## Refusals of a link, a campaign or a domain (the API answers them in English)
# Each starts a sentence the page capitalises and ends. A text a person typed ({ $slug },
# { $host }, { $name }, { $char } …) comes escaped but without quotes: each message puts the
# language's own around it. Only { $event } and an import's { $date } come with theirs.

refusal-in-field = { $field }: { $reason }
# A request the API cannot read: its body, path or query string, in plain words.
refusal-json-content-type = send the body as JSON, with the header Content-Type: application/json
refusal-json-syntax = the body is not valid JSON (line { $line }, column { $column })
refusal-json-syntax-somewhere = the body is not valid JSON
refusal-json-object = the body must be a JSON object, not { $found }
refusal-json-missing = the field "{ $field }" is missing
refusal-json-unknown-field = there is no field "{ $field }"; the fields are { $known }
refusal-json-unknown-value = "{ $value }" is not one of { $known }
refusal-json-duplicate = the field "{ $field }" is given twice
refusal-json-type = expected { $expected }, not { $found }
refusal-json-expected = expected { $expected }
refusal-query-out-of-range = the number is too large
refusal-query-unknown = there is no query parameter "{ $name }"; the parameters are { $known }
refusal-path-value = "{ $value }" in the path is not { $expected }
json-kind-whole-number = a whole number
json-kind-number = a number
json-kind-text = a text
json-kind-boolean = true or false
json-kind-list = a list
json-kind-object = an object
json-found-text = the text "{ $text }"
json-found-number = the number { $number }
refusal-url-empty = the URL is empty
refusal-url-too-long = the URL is longer than { $max } characters
refusal-url-control = the URL contains control characters
refusal-url-encoded-control = the URL contains encoded control characters
refusal-url-relative = the URL must be absolute, starting with http:// or https://
refusal-url-no-scheme = the URL must be absolute, starting with http:// or https://: add https:// in front, as in { $url }
refusal-url-port = the URL's port is not a number from 0 to 65535
refusal-url-host = the URL's host name is not valid
refusal-url-invalid = the URL is not valid: { $reason }
refusal-url-scheme = only http and https URLs are allowed, not { $scheme }:
refusal-url-no-host = the URL has no host
refusal-url-credentials = the URL must not contain a user name or password
refusal-url-own-host = links to { $host } are not allowed
refusal-url-branded-domain = links to { $host } are not allowed: it is one of this server's domains
refusal-url-blocked = { $url } is on { $domain }, a domain this server blocks: links to it are not allowed
refusal-slug-empty = the slug is empty
refusal-slug-too-long = the slug is longer than { $max } characters
refusal-slug-chars = the slug may only hold letters, digits, '-' and '_', not '{ $char }'
refusal-slug-space = the slug may not hold spaces
refusal-slug-reserved = the slug "{ $slug }" is reserved
refusal-slug-taken = the slug "{ $slug }" is already taken
refusal-slug-taken-on = the slug "{ $slug }" is already taken on { $domain }
refusal-no-link = there is no link with the slug "{ $slug }"
refusal-no-link-on = there is no link with the slug "{ $slug }" on { $domain }
refusal-expires-before-start = expires_at must be after starts_at
refusal-expired-url-alone = expired_url is used once the link expires: give expires_at or max_clicks too, or clear expired_url
refusal-not-a-time = { $field } is not a time: use RFC 3339, such as 2026-05-01T09:00:00Z
refusal-max-clicks = max_clicks must be between 1 and { $max }
refusal-password-empty = the password is empty
refusal-password-too-long = the password is longer than { $max } characters
refusal-password-control = the password contains control characters
refusal-token-name-empty = an API token's name must not be blank
refusal-token-name-too-long = an API token's name has at most { $max } characters
refusal-token-name-control = an API token's name must not contain control characters
refusal-rules-max = a link has at most { $max } rules
refusal-in-rule = rule { $n }: { $reason }
refusal-in-variant = variant { $n }: { $reason }
refusal-variants-too-few = an A/B split needs at least two variants
refusal-variants-max = an A/B split has at most { $max } variants
refusal-variant-weight = the weight must be between 0 and { $max }
refusal-variants-all-zero = every variant has weight 0: at least one needs a weight above 0
refusal-host-empty = the host is empty
refusal-host-url = "{ $host }" is a URL: give the host alone, such as go.example.com
refusal-host-path = "{ $host }" is not a host name: give the host alone, such as go.example.com
refusal-host-port = "{ $host }" has a port or is an IPv6 address: give the host name alone
refusal-host-ip = "{ $host }" is an IP address: a domain needs a name
refusal-host-invalid-because = "{ $host }" is not a valid host name: { $reason }
refusal-host-too-long = the host is longer than { $max } characters
refusal-host-one-label = "{ $host }" has one label: a domain is a name such as go.example.com
refusal-host-labels = "{ $host }" is not a valid host name: each part is 1 to 63 letters, digits or inner hyphens
refusal-host-invalid = "{ $host }" is not a valid host name
refusal-domain-not-registered = "{ $host }" is not a registered domain: add it first (Settings → Domains, or POST /api/v1/domains)
refusal-domain-base-host = "{ $host }" is the base URL's host: its links need no domain
refusal-domain-root-itself = links to { $host } are not allowed: it is this domain
refusal-api-on-branded-domain = the API is not served on { $host }, a branded domain that serves only its short links: send API requests to the base URL's host
refusal-domain-taken = the domain { $host } is registered already
refusal-domain-in-use = { $links } { $n ->
    [one] link uses
   *[other] links use
} the domain { $host }: delete { $n ->
    [one] it
   *[other] them
} first
refusal-no-domain = there is no domain "{ $host }"
refusal-no-campaign = there is no campaign with the id { $id }
refusal-no-campaign-named = there is no campaign named "{ $name }" (in any letter case)
refusal-campaign-no-name = name the campaign: it groups the links on the dashboard
refusal-campaign-taken = a campaign named "{ $name }" already exists: choose another name (to merge two campaigns, move their links with a link edit)
refusal-campaign-taken-case = a campaign named "{ $name }" already exists, and names that differ only in letter case are the same name: choose another name (to merge two campaigns, move their links with a link edit)
refusal-kit-campaign-case = a campaign named { $name } already exists: use that name to add channels to it, or choose another
refusal-kit-campaign-url = the campaign { $name } already exists with the destination { $url }: give that destination to add channels to it, or choose another name
refusal-kit-campaign-race = a campaign named { $name } was just created by someone else: send the same name and destination again to add channels to it
refusal-channel-unknown = the channel "{ $channel }" is not in the catalogue: give one of its keys ({ $keys }) or a channel's label, in any letter case
refusal-kit-no-channels = choose at least one channel
# A label's field, which refusal-too-long and refusal-control name.
field-campaign = campaign
field-channel = channel
field-tag = a tag
field-campaign-name = the campaign name
field-utm-campaign = utm_campaign
field-preview-title = preview title
field-preview-description = preview description
refusal-too-long = { $field } is longer than { $max } characters
refusal-control = { $field } contains control characters
refusal-tags-max = a link has at most { $max } tags
refusal-preview-no-title = preview title is empty: a card needs a title
refusal-preview-title-lines = preview title must be one line
refusal-preview-image = preview image: { $reason }
refusal-image-not-uploaded = "{ $image }" is not an uploaded image
refusal-image-not-url = not a URL ({ $reason }); give an https URL
refusal-image-https = chat apps only fetch https images; give an https URL
refusal-image-empty = the image file is empty
refusal-image-too-large = the image is larger than { $max } MB
refusal-image-kind = the image must be a PNG, JPEG or WebP file (read from its content)
refusal-rule-both = a rule has either a device or a country, not both
refusal-rule-neither = a rule needs a device or a country
refusal-country-code = "{ $code }" is not a country code: use two letters (ISO 3166-1), such as FR
refusal-country-code-unassigned = "{ $code }" is not a country code ISO 3166-1 assigns: use a country's two letters, such as FR, BE or CH
refusal-country-code-uk = "{ $code }" is not a country code: the United Kingdom's is GB
refusal-channel-taken = there is a channel { $key } already
refusal-campaign-has-links = the campaign still has { $n } { $n ->
    [one] link
   *[other] links
}: delete them too (links=delete) or keep them without a campaign (links=detach)
refusal-email-taken = "{ $email }" has an account already
refusal-no-site = there is no site with the id { $id }
refusal-site-taken = there is a site named "{ $name }" already
refusal-webhook-scheme = url must be an http:// or https:// URL
refusal-webhook-too-long = url is longer than { $max } characters
refusal-webhook-credentials = url must not carry a user name or password; the signature proves the sender
refusal-webhook-event = "{ $event }" is not an event; events are { $events }
refusal-webhook-no-event = name at least one event of { $events }
refusal-webhook-private = { $reason }; webhooks go to public addresses only (LANTERNE_WEBHOOKS_ALLOW_PRIVATE=true allows others)
refusal-webhook-gone = the webhook was deleted meanwhile
refusal-no-webhook = there is no webhook with the id { $id }
refusal-host-unresolved = no address answers to the name { $host }: check its spelling
refusal-host-private = the host { $host } resolves to { $ip }, a private or loopback address
refusal-ip-private = { $ip } is a private or loopback address
refusal-unknown-timezone = unknown time zone "{ $zone }"
refusal-not-a-date = "{ $date }" is not a date (YYYY-MM-DD)
refusal-period-backwards = the period ends before it starts
refusal-period-too-long = a period is at most { $max } days (five years); { $first } to { $last } is { $days } days
refusal-period-no-to = from needs to: give the last day of the period as well (YYYY-MM-DD)
refusal-period-no-from = to needs from: give the first day of the period as well (YYYY-MM-DD)
refusal-period-unknown = unknown period "{ $period }": use 24h, 7d, 30d or 90d
refusal-report-period = unknown period "{ $period }": use 7d, 30d, 90d or all (since the campaign began), or from and to as dates (YYYY-MM-DD)
import-the-slug = the slug "{ $slug }"
import-the-slug-on = the slug "{ $slug }" on { $domain }
refusal-import-no-url = the row has no URL
refusal-import-no-target = the link has no target
refusal-import-unreadable = the line cannot be read: { $reason }
refusal-import-date = the creation date "{ $date }" is in no format Lanterne reads: write it year-month-day, such as 2024-03-01, 2024-03-01 14:30:00 or 2024-03-01T14:30:00Z, or day/month/year with a four-digit year, such as 01/03/2024 14:30
refusal-import-date-order = the creation date "{ $date }" is not a day in the order of the file's other dates (day/month/year, or month/day/year when one of them is only a date that way): write it year-month-day, such as 2024-03-01 14:30:00
refusal-import-date-none = the creation date "{ $date }" is no day of the calendar: check its day and month
refusal-import-repeats = repeats line { $line }
refusal-import-slug-taken = { $slug } is taken by another destination ({ $url })
refusal-import-slug-differs = { $slug } already exists with different options ({ $fields }): not changed
refusal-import-slug-given = { $slug } is given to another URL on line { $line }
refusal-import-slug-raced = { $slug } was taken while importing
refusal-import-first-line = the first line cannot be read: { $reason }
refusal-import-no-url-column = the first line does not name a URL column: is it the right format?
refusal-import-not-kutt = the file is not Kutt's JSON (its links as Kutt's API lists them): import a CSV file with the format of the shortener that made it (Bitly, Shlink, YOURLS, Dub), or as Lanterne CSV
refusal-import-kutt-broken = Kutt's JSON cannot be read from line { $line }, column { $column }: is the file whole?
refusal-import-not-lanterne-json = the file is not Lanterne's JSON export (the list of links `lanterne export --format json` writes): import Kutt's JSON as Kutt, and a CSV file as Lanterne CSV or with the format of the shortener that made it (Bitly, Shlink, YOURLS, Dub)
refusal-import-json-broken = Lanterne's JSON export cannot be read from line { $line }, column { $column }: is the file whole?
refusal-import-json-not-link = this element of the list is not a link (an object with a "url")
refusal-import-password = a password protects this link, and an export never holds it: to import the link without one, set "password_protected" to false in the file, then give it a password here

## Editing a link

edit-title = Edit { $slug }
edit-heading = Edit
edit-save = Save
edit-cancel = Cancel
edit-end-in-past = The end date, { $when }, is already past: saved like this, the link stops working at once (it answers "expired"). Change the date, or tick the box below and save again.
edit-end-in-past-confirm = Yes, end the link now
edit-channel-uncatalogued = { $key } (not in the catalogue any more)
edit-at-once = The change takes effect at once, on every instance.
edit-counts = { $clicks } { $clicks_n ->
    [one] click
   *[other] clicks
} and { $requests } { $requests_n ->
    [one] request
   *[other] requests
} so far
edit-stats = stats

## Links

links-new = New link
links-slug = Custom slug
links-slug-title = Letters, digits, - and _ (up to 64)
links-slug-placeholder = spring-sale
links-create = Create link
links-or-kit = or a share kit: one link per channel
links-all = All links
links-filter = Filter and sort
links-search = Search
links-search-placeholder = slug, URL, campaign, channel or theme
links-all-option = All
# The Campaign filter's "any": its own message, as languages agree it with « campagnes ».
links-all-campaigns-option = All
links-state = State
links-on = On
links-off = Off
links-clicks-title = People who followed the link since it was made, as the dashboard counts them (link previews and bots left out)
links-share-button-of = Share button on { $site }
links-requests = { $count } { $n ->
    [one] request
   *[other] requests
}
links-requests-title = Every request the link answered: people, link previews (someone pasted it into a chat), bots, and visits without tracking (DNT/GPC), which are only counted
links-after-end = including { $count } after its end
links-after-end-title = People who followed the link after its end (its date or its click limit) and were sent to its address for then: they are clicks, and none of them counts toward the click limit
link-status-not-started = Not started yet
link-status-expired = Expired
link-status-why-ended = its end date has passed
link-status-why-limit = its click limit is reached
link-status-blocked = Blocked
link-status-why-blocked = { $place } is on { $domain }, a domain this server blocks: visitors get 410 Gone
blocked-place-url = its destination
blocked-place-rule = the destination of rule { $n }
blocked-place-variant = the destination of variant { $n }
blocked-place-expired-url = its destination once expired
link-marker-starts = From { $when }
link-marker-expires = Until { $when }
link-marker-limit = Click limit { $used } / { $max }
link-marker-password = Password
link-marker-card = Preview card
link-marker-card-hidden = Preview card (not shown: password)
links-order = Order
sort-newest = Newest first
sort-oldest = Oldest first
sort-clicks = Most clicks
sort-fewest-clicks = Fewest clicks
sort-hits = Most requests
sort-slug = Slug A–Z
links-campaign-channel = Campaign · channel
links-delete-confirm = Delete { $url } and all its hits?
links-delete = Delete
# The names screen readers say for each row's controls on the Links page ($link: go.example/promo).
links-copy-of = Copy { $link }
links-edit-of = Edit { $link }
links-stats-of = Stats of { $link }
links-turn-off-of = Turn off { $link }
links-turn-on-of = Turn on { $link }
links-delete-of = Delete { $link }
# $format: PNG or SVG.
qr-file-of = { $format } of the QR code of { $link }
links-caption-filtered = Links matching the filters
links-none = No links here.
links-none-create = No links yet. Make one per channel for a campaign with the share kit, or a single one above.
## Settings → Domains

nav-domains = Domains
domains-title = Domains
domains-intro = Branded domains serve short links beside { $base }. A link is on one of them, and one slug can be on several, each with its own destination. The web UI and the API stay on { $base }. For a domain to serve its links, point its DNS at the server in front of Lanterne (an A/AAAA record, or a CNAME to the base host) and cover it with the TLS certificate of the reverse proxy there, which must pass on the Host header it received.
domains-add = Add a domain
domains-host = Host
domains-punycode = As DNS writes it
domains-root-url = Root URL
domains-optional = optional
domains-root-hint = Where a visit to the bare domain goes. Without one, the visit gets the “link not found” page.
domains-add-button = Add domain
domains-registered = Registered domains
domains-added = Added
domains-actions = Actions
domains-no-root = the “link not found” page
domains-remove = Remove
# What a screen reader says for this control on each row, naming the row.
domains-remove-of = Remove the domain { $host }
domains-remove-confirm = Remove the domain { $host }? Only a domain that no link uses can be removed.
domains-none = No branded domain yet: every link is on the base URL's host.
link-domain = Domain
password-change-title = Change your password
password-current = Current password
password-new = New password
password-change-hint = Your other sessions, on other browsers, are signed out.
password-change-submit = Change the password
password-current-wrong = Your current password is not right.
users-invite-submit = Make an invitation link
users-invite-hint = They choose their own password through the link, within 7 days, once.
users-pending = Invitations not used yet
users-until = Valid until
users-cancel = Cancel
# What a screen reader says for this control on each row, naming the row.
users-cancel-of = Cancel the invitation of { $email }
invite-made = Invitation made for { $email }.
invite-replaced = Invitation made for { $email }. The invitation link sent to this address before no longer works: send this one instead.
invite-send-it = Send them this link: it is shown only this once, and makes one account within 7 days.
invite-title = Join Lanterne
invite-text = Choose the password of your account { $email } ({ $role }).
invite-submit = Create my account
invite-spent-title = This invitation does not work
invite-spent-text = It was used, cancelled or has expired. Ask an admin for a new one.
invite-taken-title = You have an account already
invite-taken-text = This email has an account already: sign in with its password.
## Settings → Webhooks
nav-webhooks = Webhooks
nav-agency = Agency
webhooks-title = Webhooks
webhooks-intro = Lanterne POSTs each event you subscribe to as JSON, signed with your subscription's secret in the Lanterne-Signature header. A failed delivery is tried again for a day; a subscription that fails for a whole day is turned off.
webhooks-payload-title = What a delivery holds
webhooks-payload-text = Each delivery is a POST with a JSON body: the event's id (the same on every attempt: a receiver that has seen it answers 2xx and does nothing), its type, when it happened, and its data. Any 2xx answer is a success; anything else, a timeout (10 s) or a refused connection is a failure; redirects are not followed.
webhooks-payload-data = The data: link.created and link.updated carry the link (domain, slug, url, campaign, channel, tags, enabled, created_at, options, password_protected); link.deleted its domain, slug and url; link.expired those and a reason (date or click_limit); share.detected the link, the platform and the hit; click the hits since the last delivery; webhook.test (Send a test event) the subscription (id, url, events). A hit carries its classified fields (kind, source, platform, evidence, device, browser, os, country, city, referrer_host), never an address or a user agent. domain is empty for a link on the host of this web interface.
webhooks-signature-text = Lanterne-Signature is t=<Unix seconds of sending>,v1=<hex HMAC-SHA256 of the string "t.body" under the secret>, over the body's raw bytes. Check it in constant time and refuse a t more than five minutes old, so that a recorded delivery cannot be replayed.
webhooks-secret-title = Your webhook's secret
webhooks-secret-once = Copy it now: it is shown only once. Your receiver checks each delivery's signature with it.
webhooks-secret-for = The secret of the subscription to
webhooks-col-links = Links
webhooks-more-links = { " " }and { $count } more
webhooks-next-attempt = next attempt { $when }
webhooks-retry-now = Try again now
webhooks-retry-now-text = Once the receiver is mended: its waiting deliveries are sent at once, not after their delay.
webhooks-send-test = Send a test event
webhooks-send-test-text = A signed webhook.test event goes to this URL at once, whatever events it takes, so you can see your receiver get it and accept its signature before any real event happens. Its delivery shows in the list above.
webhooks-copy = Copy
webhooks-add = Subscribe a URL
webhooks-url = URL that receives the events
webhooks-events = Events
webhooks-event-link-created = a link is created
webhooks-event-link-updated = a link is changed
webhooks-event-link-deleted = a link is deleted
webhooks-event-link-expired = a link reaches its date or click limit
webhooks-event-share-detected = someone pasted a link into a chat or post (a preview fetch)
webhooks-event-click = clicks, at most one delivery a second
webhooks-subscribe = Subscribe
webhooks-on = on
webhooks-off = turned off after a day of failures
webhooks-failing-since = failing since { $when }
webhooks-col-event = Event
webhooks-col-time = Time
webhooks-col-state = State
webhooks-col-attempts = Attempts
webhooks-col-status = Last status
webhooks-col-error = Last error
webhooks-error-status = the receiver answered with an error (HTTP { $status })
webhooks-error-turned-off = the subscription is turned off
webhooks-error-bad-url = the URL is not valid
webhooks-error-private = { $ip } is a private or loopback address
webhooks-error-timeout = no answer within { $seconds } s
webhooks-error-connect = could not connect to the receiver
webhooks-error-request = the request could not be sent
webhooks-error-given-up = { $reason } (given up: the subscription was turned off after a day of failures)
webhooks-error-given-up-untried = given up before any attempt: the subscription was turned off after a day of failures
webhooks-error-recorded = { $text } (as an earlier version recorded it)
webhooks-state-pending = waiting
webhooks-state-delivered = delivered
webhooks-state-failed = given up
webhooks-no-deliveries = No delivery yet.
webhooks-delete = Unsubscribe
# What a screen reader says for this control on each row, naming the row.
webhooks-retry-now-of = Try again now for { $url }
webhooks-send-test-of = Send a test event to { $url }
webhooks-delete-of = Unsubscribe { $url }
webhooks-deliveries-of = Deliveries to { $url }
webhooks-delete-confirm = Unsubscribe { $url }? Deliveries not yet made are dropped.
webhooks-none = No subscription yet.

## What the last action did (src/routes/ui/flash.rs)
copied = Copied
flash-saved = Saved.
flash-saved-card-hidden = Saved. This link has a password, so chat apps show "Protected link" in its previews, not its preview card.
flash-password-changed = Password changed. Your other sessions are signed out.
flash-created = Your new short link is ready
flash-turned-off = Turned off: the link answers "Link disabled" at once.
flash-turned-on = Turned on: the link leads to its destination again.
flash-deleted = Link deleted.
flash-channel-added = Channel "{ $label }" added: it is highlighted in the catalogue below, and offered from now on in the share kit, on campaign pages and in the link forms.
flash-channel-saved = Channel "{ $label }" saved: French pages agree its reach with its gender.
flash-campaign-saved = Saved: new links get these settings.
flash-links-added = { $count } { $n ->
    [one] link
   *[other] links
} added.
flash-campaign-renamed = Renamed: its links carry the new name.
flash-share-revoked = Share link revoked: it no longer opens the report.
flash-invite-cancelled = Invitation cancelled: its link no longer works.
flash-campaign-deleted = The campaign "{ $name }" was deleted.
flash-site-registered = The site "{ $name }" is registered: put its snippet, below, in the <head> of its pages.
flash-site-saved = The site's changes are saved.
flash-site-deleted = The site "{ $name }" was deleted, with its pages' figures; its share-button links stay, with their clicks.
flash-site-domain-added = { $host } is now one of the site's domains: its pages' events are counted from now on.
flash-webhook-test-queued = A test event (webhook.test) is queued for { $url } and goes out at once: reload the page in a moment to see how its delivery went.
flash-agency-saved = Saved: campaign reports, shared ones included, follow this setting from now on.
flash-campaign-deleted-links = The campaign "{ $name }" was deleted, with its { $count } { $n ->
    [one] link
   *[other] links
} and their hits.
flash-campaign-deleted-keeping = The campaign "{ $name }" was deleted; its { $count } { $n ->
    [one] link stays
   *[other] links stay
}, without a campaign.
links-none-match = No link matches this search or these filters. The search looks in slugs, destinations, campaigns, channels and themes.
links-show-all = Show all links
dashboard-empty-heading = Nothing to show for this period yet
dashboard-empty-kit = Clicks appear here within seconds of people opening your short links. Start with the share kit: name a campaign, tick the channels you share in, and get one link per channel.
dashboard-empty-kit-link = Open the share kit
dashboard-no-such-link = No link has the slug "{ $link }": check it on the Links page, or empty the Link field to see every link.
dashboard-no-such-campaign = No campaign is named "{ $campaign }", in any letter case: choose one in the Campaign list, or all campaigns.
dashboard-no-such-channel = No channel is called "{ $channel }", by key or by name: choose one in the Channel list, or all channels.
dashboard-without-filters = Show the dashboard without filters
dashboard-empty-read = Clicks appear here within seconds of people opening the short links your team shares. Try a longer period or fewer filters.
edit-utm = UTM parameters
edit-utm-hint = Added to the destination for analytics tools. A field left empty keeps what the destination itself carries.

# Settings → Agency (/settings/agency): who prepares the client's reports
agency-title = Your agency
agency-reports = On client reports
agency-name = Agency name
agency-name-example = Bright Lane Agency
agency-name-hint = Every campaign's report, printed or opened through a share link, says "Prepared by" this name under the campaign's name ("Prepared by … for …" when the link names the client), in the report's language. Leave it empty to show nothing.
agency-save = Save
agency-name-too-long = The agency name is { $length } characters long; it can be { $max } at most.

"""Social networks, media & content platforms, ads, streaming and gaming APIs."""
from __future__ import annotations

import urllib.parse

from formats import b64, pkcs8_ec_pem, rs, B62
from svc import P, S, V

SO, MED = "social", "media"


def x_bearer(r):
    return ("AAAAAAAAAAAAAAAAAAAAA" + rs(r, 6, B62) + "AAAAAA" + urllib.parse.quote(b64(r.randbytes(30)), safe="")
            + "%3D" + rs(r, 50, B62))


SERVICES = [
    S("X (Twitter)", SO, [x_bearer, P(("TWITTER_API_KEY|TWITTER_CONSUMER_KEY", "{b62:25}"), ("TWITTER_API_SECRET|TWITTER_CONSUMER_SECRET", "{b62:50}")),
                          P(("TWITTER_ACCESS_TOKEN", "{dig:19}-{b62:31}"), ("TWITTER_ACCESS_TOKEN_SECRET", "{b62:45}"))],
      "TWITTER_BEARER_TOKEN X_BEARER_TOKEN", host="api.twitter.com", auth="bearer"),
    S("Facebook", SO, ["EAA{b62:5}ZD{b62:180}", "EAAG{b62:200}", V(["FACEBOOK_APP_SECRET", "FB_APP_SECRET"], "{hex:32}"),
                       V(["FACEBOOK_APP_TOKEN"], "{dig:15}|{hex:32}")], "FACEBOOK_ACCESS_TOKEN FB_PAGE_ACCESS_TOKEN WHATSAPP_TOKEN",
      host="graph.facebook.com", auth="query:access_token"),
    S("Instagram", SO, ["IGQV{b64u:200}", "IGAA{b62:180}"], "INSTAGRAM_ACCESS_TOKEN IG_ACCESS_TOKEN", host="graph.instagram.com",
      auth="query:access_token"),
    S("Threads", SO, ["THAA{b62:180}"], "THREADS_ACCESS_TOKEN", host="graph.threads.net", auth="query:access_token"),
    S("LinkedIn", SO, ["AQ{b64u:340}", P(("LINKEDIN_CLIENT_ID", "{an:14}"), ("LINKEDIN_CLIENT_SECRET", "WPL_AP1.{b62:16}.{b64:8}=="))],
      "LINKEDIN_ACCESS_TOKEN", host="api.linkedin.com", auth="bearer"),
    S("Spotify", MED, [P(("SPOTIFY_CLIENT_ID", "{hex:32}"), ("SPOTIFY_CLIENT_SECRET", "{hex:32}"))], "SPOTIFY_CLIENT_SECRET"),
    S("Twitch", MED, [P(("TWITCH_CLIENT_ID", "{an:30}"), ("TWITCH_CLIENT_SECRET", "{an:30}")), V(["TWITCH_OAUTH_TOKEN", "TWITCH_CHAT_TOKEN"], "oauth:{an:30}"),
                      V(["TWITCH_ACCESS_TOKEN"], "{an:30}")], "TWITCH_CLIENT_SECRET", host="api.twitch.tv", auth="bearer"),
    S("YouTube Data API", MED, ["AIza{b64u:35}"], "YOUTUBE_API_KEY", host="www.googleapis.com", auth="query:key"),
    S("Reddit", SO, [P(("REDDIT_CLIENT_ID", "{b64u:22}"), ("REDDIT_CLIENT_SECRET", "{b64u:30}"))], "REDDIT_CLIENT_SECRET"),
    S("Pinterest", SO, ["pina_{AN:32}{AN:64}"], "PINTEREST_ACCESS_TOKEN", host="api.pinterest.com", auth="bearer"),
    S("TikTok", SO, ["act.{b62:44}!{dig:4}.va", P(("TIKTOK_CLIENT_KEY", "aw{an:14}"), ("TIKTOK_CLIENT_SECRET", "{b62:32}"))],
      "TIKTOK_ACCESS_TOKEN", host="open.tiktokapis.com", auth="bearer"),
    S("Snapchat", SO, [P(("SNAPCHAT_CLIENT_ID", "{uuid}"), ("SNAPCHAT_CLIENT_SECRET", "{b64u:22}"))], "SNAPCHAT_CLIENT_SECRET"),
    S("Mastodon", SO, ["{b64u:43}"], "MASTODON_ACCESS_TOKEN", host="mastodon.social", auth="bearer"),
    S("Bluesky", SO, [P(("BLUESKY_HANDLE|BSKY_HANDLE", "{low:8}.bsky.social"), ("BLUESKY_APP_PASSWORD|BSKY_APP_PASSWORD", "{an:4}-{an:4}-{an:4}-{an:4}"))],
      "BLUESKY_APP_PASSWORD"),
    S("Tumblr", SO, [P(("TUMBLR_CONSUMER_KEY", "{b62:50}"), ("TUMBLR_CONSUMER_SECRET", "{b62:50}"))], "TUMBLR_CONSUMER_SECRET"),
    S("Imgur", MED, [P(("IMGUR_CLIENT_ID", "{hex:15}"), ("IMGUR_CLIENT_SECRET", "{hex:40}"))], "IMGUR_CLIENT_SECRET"),
    S("Unsplash", MED, [P(("UNSPLASH_ACCESS_KEY", "{b64u:43}"), ("UNSPLASH_SECRET_KEY", "{b64u:43}"))], "UNSPLASH_SECRET_KEY"),
    S("Flickr", MED, [P(("FLICKR_API_KEY", "{hex:32}"), ("FLICKR_API_SECRET", "{hex:16}"))], "FLICKR_API_SECRET"),
    S("Steam Web API", MED, ["{HEX:32}"], "STEAM_API_KEY STEAM_WEB_API_KEY", host="api.steampowered.com", auth="query:key"),
    S("Patreon", MED, ["{b64u:43}"], "PATREON_CREATOR_ACCESS_TOKEN PATREON_ACCESS_TOKEN", host="www.patreon.com", auth="bearer"),
    S("Genius", MED, ["{b64u:64}"], "GENIUS_ACCESS_TOKEN", host="api.genius.com", auth="bearer"),
    S("Last.fm", MED, [P(("LASTFM_API_KEY", "{hex:32}"), ("LASTFM_SHARED_SECRET|LASTFM_API_SECRET", "{hex:32}"))], "LASTFM_SHARED_SECRET"),
    S("SoundCloud", MED, [P(("SOUNDCLOUD_CLIENT_ID", "{b62:32}"), ("SOUNDCLOUD_CLIENT_SECRET", "{b62:32}"))], "SOUNDCLOUD_CLIENT_SECRET"),
    S("Apple MusicKit", MED, [P(("MUSICKIT_KEY_ID", "{AN:10}"), ("MUSICKIT_TEAM_ID", "{AN:10}"), ("MUSICKIT_PRIVATE_KEY", pkcs8_ec_pem))],
      "MUSICKIT_PRIVATE_KEY"),
    S("Sign in with Apple", SO, [P(("APPLE_KEY_ID", "{AN:10}"), ("APPLE_TEAM_ID", "{AN:10}"), ("APPLE_PRIVATE_KEY", pkcs8_ec_pem))],
      "APPLE_PRIVATE_KEY"),
    S("Apple Push Notifications", MED, [P(("APNS_KEY_ID", "{AN:10}"), ("APNS_TEAM_ID", "{AN:10}"), ("APNS_AUTH_KEY", pkcs8_ec_pem))],
      "APNS_AUTH_KEY"),
    S("Strava", SO, [P(("STRAVA_CLIENT_ID", "{int:10000-199999}"), ("STRAVA_CLIENT_SECRET", "{hex:40}")), V(["STRAVA_REFRESH_TOKEN"], "{hex:40}")],
      "STRAVA_CLIENT_SECRET"),
    S("Fitbit", SO, [P(("FITBIT_CLIENT_ID", "{AN:6}"), ("FITBIT_CLIENT_SECRET", "{hex:32}"))], "FITBIT_CLIENT_SECRET"),
    S("Yelp Fusion", SO, ["{b64u:128}"], "YELP_API_KEY", host="api.yelp.com", auth="bearer"),
    S("Eventbrite", SO, ["{AN:20}"], "EVENTBRITE_PRIVATE_TOKEN EVENTBRITE_TOKEN", host="www.eventbriteapi.com", auth="bearer"),
    S("Meetup", SO, [P(("MEETUP_CLIENT_ID", "{an:26}"), ("MEETUP_CLIENT_SECRET", "{an:26}"))], "MEETUP_CLIENT_SECRET"),
    S("Product Hunt", SO, ["{b64u:43}"], "PRODUCTHUNT_DEVELOPER_TOKEN PH_TOKEN", host="api.producthunt.com", auth="bearer"),
    S("Medium", MED, ["2{hex:64}"], "MEDIUM_INTEGRATION_TOKEN MEDIUM_TOKEN", host="api.medium.com", auth="bearer"),
    S("DEV Community", MED, ["{b62:24}"], "DEVTO_API_KEY DEV_TO_API_KEY", host="dev.to", auth="header:api-key"),
    S("Hashnode", MED, ["{uuid}"], "HASHNODE_PAT HASHNODE_TOKEN", host="gql.hashnode.com", auth="header:Authorization"),
    S("Google Ads", SO, [P(("GOOGLE_ADS_DEVELOPER_TOKEN", "{b64u:22}"), ("GOOGLE_ADS_CLIENT_SECRET", "GOCSPX-{b64u:28}"),
                           ("GOOGLE_ADS_REFRESH_TOKEN", "1//0{b64u:99}"))], "GOOGLE_ADS_REFRESH_TOKEN"),
    S("Microsoft Advertising", SO, ["{AN:16}"], "BING_ADS_DEVELOPER_TOKEN MSADS_DEVELOPER_TOKEN"),
    S("Buffer", SO, ["1/{hex:32}"], "BUFFER_ACCESS_TOKEN", host="api.bufferapp.com", auth="query:access_token"),
    S("Giphy", MED, ["{b62:32}"], "GIPHY_API_KEY", host="api.giphy.com", auth="query:api_key"),
    S("TMDB", MED, ["{hex:32}", "eyJhbGciOiJIUzI1NiJ9.{b64u:150}.{b64u:43}"], "TMDB_API_KEY TMDB_READ_ACCESS_TOKEN",
      host="api.themoviedb.org", auth="bearer"),
    S("Discogs", MED, ["{b62:40}"], "DISCOGS_TOKEN DISCOGS_USER_TOKEN", host="api.discogs.com", auth="header:Authorization=Discogs token="),
    S("Riot Games", MED, ["RGAPI-{uuid}"], "RIOT_API_KEY", host="na1.api.riotgames.com", auth="header:X-Riot-Token"),
    S("Epic Online Services", MED, [P(("EOS_CLIENT_ID", "xyza{b62:28}"), ("EOS_CLIENT_SECRET", "{b64:43}"))], "EOS_CLIENT_SECRET"),
    S("itch.io", MED, ["{b62:40}"], "BUTLER_API_KEY ITCHIO_API_KEY"),
    S("Unity Gaming Services", MED, [P(("UNITY_KEY_ID", "{uuid}"), ("UNITY_SECRET_KEY", "{b64u:32}"))], "UNITY_SECRET_KEY"),
    S("Roblox Open Cloud", MED, ["{b64:300}"], "ROBLOX_API_KEY ROBLOX_OPEN_CLOUD_KEY", host="apis.roblox.com", auth="header:x-api-key"),
    S("Cloudflare Stream", MED, ["{b64u:40}"], "CLOUDFLARE_STREAM_TOKEN CF_STREAM_API_TOKEN", host="api.cloudflare.com", auth="bearer"),
]

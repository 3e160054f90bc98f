"""Payments, commerce, shipping and tax, crypto exchanges and web3 infrastructure."""
from __future__ import annotations

import json

from formats import CHARSETS, ec_private_pem, expand, jwt, rs, rsa_private_pem

B58 = CHARSETS["b58"]
from svc import P, S, V

PAY, COM, CRY = "payments", "commerce", "crypto"


def solana_keypair(r):
    return json.dumps(list(r.randbytes(64)))


def coinbase_cdp(r):
    org, key = expand(r, "{uuid}"), expand(r, "{uuid}")
    return json.dumps({"name": f"organizations/{org}/apiKeys/{key}", "privateKey": ec_private_pem(r)}, indent=2)


SERVICES = [
    S("Stripe", PAY, ["sk_live_51{b62:97}", "rk_live_51{b62:97}", "sk_live_{b62:24}", V(["STRIPE_WEBHOOK_SECRET"], "whsec_{b62:32}")],
      "STRIPE_SECRET_KEY STRIPE_API_KEY stripe.secret_key", host="api.stripe.com", auth="basic-user"),
    S("Stripe test mode", PAY, ["sk_test_51{b62:97}", "sk_test_{b62:24}", "rk_test_51{b62:97}"],
      "STRIPE_SECRET_KEY STRIPE_TEST_SECRET_KEY STRIPE_API_KEY", host="api.stripe.com", auth="basic-user",
      notes="test-mode key: a real credential of the account's test mode"),
    S("PayPal", PAY, [P(("PAYPAL_CLIENT_ID", "A{b64u:79}"), ("PAYPAL_CLIENT_SECRET", "E{b64u:79}"))], "PAYPAL_CLIENT_SECRET",
      host="api-m.paypal.com", auth="basic-pass"),
    S("Braintree", PAY, ["access_token$production${an:16}${hex:32}",
                         P(("BRAINTREE_MERCHANT_ID", "{an:16}"), ("BRAINTREE_PUBLIC_KEY", "{an:16}"), ("BRAINTREE_PRIVATE_KEY", "{hex:32}"))],
      "BRAINTREE_ACCESS_TOKEN PAYPAL_ACCESS_TOKEN"),
    S("Square", PAY, ["EAAA{b64u:60}", V(["SQUARE_APPLICATION_SECRET"], "sq0csp-{b64u:43}"), "sq0atp-{b64u:22}"],
      "SQUARE_ACCESS_TOKEN", host="connect.squareup.com", auth="bearer"),
    S("Adyen", PAY, ["AQE{int:1-9}hmfx{b64:150}", V(["ADYEN_HMAC_KEY"], "{HEX:64}")], "ADYEN_API_KEY", host="checkout-live.adyen.com",
      auth="header:X-API-Key", notes="API key body approximated from public examples"),
    S("Razorpay", PAY, [P(("RAZORPAY_KEY_ID", "rzp_live_{b62:14}"), ("RAZORPAY_KEY_SECRET", "{b62:24}"))], "RAZORPAY_KEY_SECRET",
      host="api.razorpay.com", auth="basic-pass"),
    S("Paystack", PAY, ["sk_live_{hex:40}"], "PAYSTACK_SECRET_KEY", host="api.paystack.co", auth="bearer"),
    S("Flutterwave", PAY, ["FLWSECK-{hex:32}-X", V(["FLW_ENCRYPTION_KEY"], "FLWSECK{hex:12}")], "FLW_SECRET_KEY FLUTTERWAVE_SECRET_KEY",
      host="api.flutterwave.com", auth="bearer"),
    S("Mollie", PAY, ["live_{b62:30}", "access_{b62:40}"], "MOLLIE_API_KEY MOLLIE_ACCESS_TOKEN", host="api.mollie.com", auth="bearer"),
    S("Checkout.com", PAY, ["sk_{uuid}", "sk_{b32l:26}{b32l:2}"], "CKO_SECRET_KEY CHECKOUT_SECRET_KEY", host="api.checkout.com",
      auth="bearer"),
    S("Coinbase", CRY, [coinbase_cdp, V(["COINBASE_COMMERCE_API_KEY"], "{uuid}")], "COINBASE_CDP_API_KEY",
      host="api.commerce.coinbase.com", auth="header:X-CC-Api-Key"),
    S("Plaid", PAY, [P(("PLAID_CLIENT_ID", "{hex:24}"), ("PLAID_SECRET", "{hex:30}")), V(["PLAID_ACCESS_TOKEN"], "access-production-{uuid}")],
      "PLAID_SECRET"),
    S("GoCardless", PAY, ["live_{b64u:40}"], "GOCARDLESS_ACCESS_TOKEN GC_ACCESS_TOKEN", host="api.gocardless.com", auth="bearer"),
    S("Wise", PAY, ["{uuid}"], "WISE_API_TOKEN TRANSFERWISE_API_TOKEN", host="api.transferwise.com", auth="bearer"),
    S("Lemon Squeezy", PAY, [lambda r: jwt(r, {"aud": "94d59cef-dbb8-4ea5-b178-d2540fcd6919", "jti": r.randbytes(32).hex(),
                                               "iat": r.randint(1_700_000_000, 1_750_000_000), "sub": str(r.randint(10000, 999999)),
                                               "scopes": []}, alg="RS256"),
                             V(["LEMONSQUEEZY_WEBHOOK_SECRET"], "{b62:24}")], "LEMONSQUEEZY_API_KEY",
      host="api.lemonsqueezy.com", auth="bearer"),
    S("Paddle", PAY, ["pdl_live_apikey_01{an:24}_{b62:22}_{AN:3}", V(["PADDLE_VENDOR_AUTH_CODE"], "{hex:50}")], "PADDLE_API_KEY",
      host="api.paddle.com", auth="bearer"),
    S("Chargebee", PAY, ["live_{b62:34}"], "CHARGEBEE_API_KEY", host="acme.chargebee.com", auth="basic-user"),
    S("Recurly", PAY, ["{hex:32}"], "RECURLY_API_KEY", host="v3.recurly.com", auth="basic-user"),
    S("Authorize.Net", PAY, [P(("AUTHORIZENET_API_LOGIN_ID", "{an:10}"), ("AUTHORIZENET_TRANSACTION_KEY", "{b62:16}"))],
      "AUTHORIZENET_TRANSACTION_KEY"),
    S("Klarna", PAY, [P(("KLARNA_USERNAME", "PK{dig:5}_{hex:12}"), ("KLARNA_PASSWORD", "{b62:16}")),
                      V(["KLARNA_API_KEY"], "klarna_live_api_{b64u:48}")], "KLARNA_PASSWORD",
      notes="klarna_live_api_ prefix from memory"),
    S("Afterpay", PAY, [P(("AFTERPAY_MERCHANT_ID", "{dig:6}"), ("AFTERPAY_SECRET_KEY", "{hex:128}"))], "AFTERPAY_SECRET_KEY"),
    S("Alipay", PAY, [P(("ALIPAY_APP_ID", "2021{dig:12}"), ("ALIPAY_PRIVATE_KEY", rsa_private_pem))], "ALIPAY_PRIVATE_KEY"),
    S("WeChat Pay", PAY, [P(("WECHATPAY_MCHID", "1{dig:9}"), ("WECHATPAY_API_V3_KEY", "{b62:32}"))], "WECHATPAY_API_V3_KEY"),
    S("Mercado Pago", PAY, ["APP_USR-{dig:16}-{dig:6}-{hex:32}-{dig:9}"], "MERCADOPAGO_ACCESS_TOKEN MP_ACCESS_TOKEN",
      host="api.mercadopago.com", auth="bearer"),
    S("Midtrans", PAY, ["Mid-server-{b64u:24}"], "MIDTRANS_SERVER_KEY", host="api.midtrans.com", auth="basic-user"),
    S("Xendit", PAY, ["xnd_production_{b64u:60}"], "XENDIT_SECRET_KEY", host="api.xendit.co", auth="basic-user"),
    S("PayMongo", PAY, ["sk_live_{b62:24}"], "PAYMONGO_SECRET_KEY", host="api.paymongo.com", auth="basic-user"),
    S("BTCPay Server", CRY, ["{hex:40}"], "BTCPAY_API_KEY", host="btcpay.example.net", auth="header:Authorization=token "),
    S("Binance", CRY, [P(("BINANCE_API_KEY", "{b62:64}"), ("BINANCE_API_SECRET|BINANCE_SECRET_KEY", "{b62:64}"))], "BINANCE_API_SECRET"),
    S("Kraken", CRY, [P(("KRAKEN_API_KEY", "{b64:56}"), ("KRAKEN_PRIVATE_KEY|KRAKEN_API_SECRET", "{b64b:64}"))], "KRAKEN_PRIVATE_KEY"),
    S("Alchemy", CRY, ["{b64u:32}", "https://eth-mainnet.g.alchemy.com/v2/{b64u:32}"], "ALCHEMY_API_KEY ALCHEMY_RPC_URL"),
    S("Infura", CRY, [P(("INFURA_PROJECT_ID|INFURA_API_KEY", "{hex:32}"), ("INFURA_API_KEY_SECRET|INFURA_PROJECT_SECRET", "{hex:32}"))],
      "INFURA_API_KEY_SECRET"),
    S("Etherscan", CRY, ["{AN:34}"], "ETHERSCAN_API_KEY", host="api.etherscan.io", auth="query:apikey"),
    S("Moralis", CRY, [lambda r: jwt(r, {"nonce": expand(r, "{uuid}"), "orgId": str(r.randint(100000, 999999)),
                                         "userId": str(r.randint(100000, 999999)), "typeId": expand(r, "{uuid}"),
                                         "type": "PROJECT", "iat": r.randint(1_700_000_000, 1_750_000_000)},
                                     secret=r.randbytes(32))], "MORALIS_API_KEY", host="deep-index.moralis.io", auth="header:X-API-Key"),
    S("QuickNode", CRY, ["https://{low:6}-{low:6}-{low:5}.quiknode.pro/{hex:40}/"], "QUICKNODE_RPC_URL QUICKNODE_HTTP_URL"),
    S("Ethereum wallet", CRY, ["0x{hex:64}", "{hex:64}"], "PRIVATE_KEY DEPLOYER_PRIVATE_KEY WALLET_PRIVATE_KEY ETH_PRIVATE_KEY"),
    S("Solana keypair", CRY, [solana_keypair, V(["SOLANA_PRIVATE_KEY"], lambda r: rs(r, 88, B58))],
      "SOLANA_KEYPAIR SOLANA_PRIVATE_KEY"),
    S("Shopify", COM, ["shpat_{hex:32}", "shpss_{hex:32}", "shpca_{hex:32}", "shppa_{hex:32}", "shpua_{hex:32}"],
      "SHOPIFY_ACCESS_TOKEN SHOPIFY_API_SECRET", host="acme.myshopify.com", auth="header:X-Shopify-Access-Token"),
    S("BigCommerce", COM, ["{an:31}"], "BIGCOMMERCE_ACCESS_TOKEN BC_ACCESS_TOKEN", host="api.bigcommerce.com",
      auth="header:X-Auth-Token"),
    S("WooCommerce", COM, [P(("WOOCOMMERCE_CONSUMER_KEY|WC_CONSUMER_KEY", "ck_{hex:40}"),
                             ("WOOCOMMERCE_CONSUMER_SECRET|WC_CONSUMER_SECRET", "cs_{hex:40}"))], "WOOCOMMERCE_CONSUMER_SECRET"),
    S("Adobe Commerce", COM, ["{an:32}"], "MAGENTO_ACCESS_TOKEN MAGENTO_INTEGRATION_TOKEN", host="shop.example.net", auth="bearer"),
    S("Squarespace", COM, ["{uuid}"], "SQUARESPACE_API_KEY", host="api.squarespace.com", auth="bearer"),
    S("Wix", COM, [lambda r: "IST." + jwt(r, {"data": json.dumps({"tenant": {"type": "ACCOUNT", "id": expand(r, "{uuid}")}}),
                                              "iat": r.randint(1_700_000_000, 1_750_000_000)}, alg="RS256")], "WIX_API_KEY",
      host="www.wixapis.com", auth="header:Authorization"),
    S("Ecwid", COM, ["secret_{b62:32}"], "ECWID_SECRET_TOKEN", host="app.ecwid.com", auth="bearer"),
    S("Gumroad", COM, ["{b64u:43}"], "GUMROAD_ACCESS_TOKEN", host="api.gumroad.com", auth="query:access_token"),
    S("Printful", COM, ["{b62:40}"], "PRINTFUL_API_TOKEN", host="api.printful.com", auth="bearer"),
    S("Shippo", COM, ["shippo_live_{hex:40}"], "SHIPPO_API_TOKEN SHIPPO_API_KEY", host="api.goshippo.com",
      auth="header:Authorization=ShippoToken "),
    S("EasyPost", COM, ["EZAK{hex:54}"], "EASYPOST_API_KEY", host="api.easypost.com", auth="basic-user"),
    S("ShipStation", COM, [P(("SHIPSTATION_API_KEY", "{hex:32}"), ("SHIPSTATION_API_SECRET", "{hex:32}"))], "SHIPSTATION_API_SECRET"),
    S("Avalara", COM, [P(("AVATAX_ACCOUNT_ID", "{dig:10}"), ("AVATAX_LICENSE_KEY", "{HEX:16}"))], "AVATAX_LICENSE_KEY"),
    S("TaxJar", COM, ["{hex:32}"], "TAXJAR_API_KEY", host="api.taxjar.com", auth="bearer"),
    S("Etsy", COM, [P(("ETSY_KEYSTRING|ETSY_API_KEY", "{an:24}"), ("ETSY_SHARED_SECRET", "{an:10}"))], "ETSY_SHARED_SECRET"),
    S("eBay", COM, [P(("EBAY_APP_ID", "{low:6}-{low:6}-PRD-{hex:9}-{hex:8}"), ("EBAY_CERT_ID", "PRD-{hex:12}-{hex:4}-{hex:4}-{hex:4}-{hex:4}"))],
      "EBAY_CERT_ID"),
    S("Amazon Selling Partner API", COM, [P(("LWA_CLIENT_ID", "amzn1.application-oa2-client.{hex:32}"),
                                            ("LWA_CLIENT_SECRET", "amzn1.oa2-cs.v1.{hex:64}"), ("LWA_REFRESH_TOKEN", "Atzr|{b64u:300}"), main=1)],
      "LWA_CLIENT_SECRET"),
    S("commercetools", COM, [P(("CTP_CLIENT_ID", "{b64u:24}"), ("CTP_CLIENT_SECRET", "{b64u:32}"))], "CTP_CLIENT_SECRET"),
    S("RevenueCat", COM, ["sk_{b62:32}"], "REVENUECAT_SECRET_API_KEY REVENUECAT_API_KEY", host="api.revenuecat.com", auth="bearer"),
    S("Apple App Store shared secret", COM, ["{hex:32}"], "APPSTORE_SHARED_SECRET APPLE_SHARED_SECRET"),
    S("Snipcart", COM, ["ST_{b64u:40}", "{b64u:44}"], "SNIPCART_SECRET_API_KEY", host="app.snipcart.com", auth="basic-user"),
    S("FastSpring", COM, [P(("FASTSPRING_API_USERNAME", "{AN:22}"), ("FASTSPRING_API_PASSWORD", "{b64u:22}"))],
      "FASTSPRING_API_PASSWORD", host="api.fastspring.com", auth="basic-pass"),
]

"""What the benchmark's plain clients share: one keep-alive connection to the ERP's confirmation service, with the
CSRF token fetched once (as a script writer would)."""
import base64
import http.client
import urllib.parse

SERVICE = "/sap/opu/odata/sap/API_PROD_ORDER_CONFIRMATION_2_SRV/"


def session(base, user, password):
    """The connection, the confirmations' path and the headers a POST needs."""
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port or 80)
    auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    connection.request("GET", url.path + SERVICE, headers={"Authorization": auth, "X-CSRF-Token": "Fetch"})
    answer = connection.getresponse()
    answer.read()
    headers = {"Authorization": auth, "X-CSRF-Token": answer.getheader("x-csrf-token"), "Accept": "application/json",
               "Cookie": "; ".join(c.split(";", 1)[0] for c in answer.headers.get_all("set-cookie") or []),
               "Content-Type": "application/json"}
    return connection, url.path + SERVICE + "ProdnOrdConf2", headers

//! Where the Billy client may connect. An organization's admin types the API address,
//! and the server then sends that organization's access token there, so the address is
//! parsed with a real URL parser and held to a policy: `https`, no user name or
//! password in it, and only public IP addresses, checked on the address as typed, on
//! every address its host name resolves to (at each connection, so a name that later
//! resolves elsewhere is caught too), and never widened by a redirect (none are
//! followed). Loopback, private and link-local addresses are allowed only by an
//! explicit setting (`LEDGERLIGHT_BILLY_ALLOW_PRIVATE`, for a Billy-compatible server on
//! a private network; the tests set it) or, for the in-app simulator of demo mode, for
//! exactly its own socket address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use crate::domain::reason::Reason;

/// Which addresses the Billy client may reach.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Loopback, private and link-local addresses (and plain http to them) allowed.
    allow_private: bool,
    /// Exact socket addresses allowed whatever they are (the in-app simulator).
    exempt: Vec<SocketAddr>,
}

impl AddressPolicy {
    /// Only public addresses, over https: the production policy and the default.
    pub fn public_only() -> Self {
        Self::default()
    }

    /// Also loopback, private and link-local addresses, over http or https.
    pub fn allowing_private() -> Self {
        Self {
            allow_private: true,
            exempt: Vec::new(),
        }
    }

    /// `allow_private` as configured.
    pub fn new(allow_private: bool) -> Self {
        Self {
            allow_private,
            exempt: Vec::new(),
        }
    }

    /// This policy, also allowing exactly `addr` (over http too).
    pub fn exempting(mut self, addr: SocketAddr) -> Self {
        self.exempt.push(addr);
        self
    }

    pub fn allows_private(&self) -> bool {
        self.allow_private
    }

    fn is_exempt(&self, ip: IpAddr, port: u16) -> bool {
        self.exempt.contains(&SocketAddr::new(ip, port))
    }

    fn permits_ip(&self, ip: IpAddr) -> bool {
        self.allow_private || is_public(ip)
    }

    /// Checks an API address as typed: a URL, http or https, no credentials, and a host
    /// that is a public IP or a name (names are checked when resolved). Plain http only
    /// where private addresses are allowed or for an exempt address.
    pub fn check_url(&self, text: &str) -> Result<Url, Reason> {
        let text = text.trim();
        if text.len() > 2_000 {
            return Err(Reason::BaseUrlMalformed);
        }
        let url = Url::parse(text).map_err(|_| Reason::BaseUrlMalformed)?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(Reason::BaseUrlNotHttps);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Reason::BaseUrlCredentials);
        }
        let host = url.host().ok_or(Reason::BaseUrlMalformed)?;
        let port = url
            .port_or_known_default()
            .ok_or(Reason::BaseUrlMalformed)?;
        let literal = match host {
            Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
            Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
            Host::Domain(_) => None,
        };
        let exempt = literal.is_some_and(|ip| self.is_exempt(ip, port));
        match url.scheme() {
            "https" => {}
            "http" if self.allow_private || exempt => {}
            _ => return Err(Reason::BaseUrlNotHttps),
        }
        if let Some(ip) = literal {
            if !exempt && !self.permits_ip(ip) {
                return Err(Reason::BaseUrlPrivate(host.to_string()));
            }
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Reason::BaseUrlMalformed);
        }
        Ok(url)
    }

    /// Resolves the URL's host name now and refuses it when any address it resolves to
    /// is not allowed (a name pointing at this machine, say). IP literals were checked
    /// by [`AddressPolicy::check_url`].
    pub async fn check_resolved(&self, url: &Url) -> Result<(), Reason> {
        let Some(Host::Domain(name)) = url.host() else {
            return Ok(());
        };
        let port = url.port_or_known_default().unwrap_or(443);
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((name, port))
            .await
            .map_err(|_| Reason::BaseUrlUnresolvable(name.to_string()))?
            .collect();
        if addrs.is_empty() {
            return Err(Reason::BaseUrlUnresolvable(name.to_string()));
        }
        match addrs.iter().find(|addr| !self.permits_ip(addr.ip())) {
            Some(_) => Err(Reason::BaseUrlPrivate(name.to_string())),
            None => Ok(()),
        }
    }

    /// The resolver the HTTP client uses: host names resolve only to allowed addresses.
    pub fn resolver(&self) -> Arc<GuardedResolver> {
        Arc::new(GuardedResolver {
            policy: self.clone(),
        })
    }
}

/// A DNS resolver that drops every address the policy does not allow, and fails when
/// none is left; so a name cannot lead the client to this machine or a private network
/// at connection time, whatever it resolved to when the address was saved.
#[derive(Debug)]
pub struct GuardedResolver {
    policy: AddressPolicy,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let resolved = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> = resolved
                .filter(|addr| policy.permits_ip(addr.ip()))
                .collect();
            if allowed.is_empty() {
                let refused: Box<dyn std::error::Error + Send + Sync> =
                    format!("{host} resolves to no public address").into();
                return Err(refused);
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

/// Whether `ip` is an address on the public internet: not loopback, private, link-local,
/// shared (carrier-grade NAT), documentation, benchmarking, multicast, reserved or
/// unspecified. IPv6 addresses that embed an IPv4 address are judged by it.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..=127).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (18..=19).contains(&b))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let segments = ip.segments();
    // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::/96) carry IPv4.
    let embedded_v4 = || {
        let [.., hi, lo] = segments;
        Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo))
    };
    if segments[..6] == [0, 0, 0, 0, 0, 0] && !ip.is_unspecified() && !ip.is_loopback() {
        return is_public_v4(embedded_v4());
    }
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(embedded_v4());
    }
    let first = segments[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        || (first == 0x2001 && segments[1] == 0x0db8)
        || first == 0x2002)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(policy: &AddressPolicy, text: &str) -> Reason {
        match policy.check_url(text) {
            Ok(url) => panic!("{text} was allowed as {url}"),
            Err(reason) => reason,
        }
    }

    #[test]
    fn billy_and_public_https_addresses_pass() {
        let policy = AddressPolicy::public_only();
        for ok in [
            "https://api.billysbilling.com/v2",
            "https://api.example.com:8443/v2/",
            "https://93.184.216.34/v2",
            "https://[2606:2800:220:1:248:1893:25c8:1946]/v2",
        ] {
            assert!(policy.check_url(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn credentials_in_the_address_are_refused() {
        let policy = AddressPolicy::allowing_private();
        for bad in [
            "http://127.0.0.1@evil.example/v2",
            "https://user:pass@api.billysbilling.com/v2",
            "https://:pass@api.billysbilling.com/v2",
            "https://user@api.billysbilling.com/v2",
        ] {
            assert_eq!(refused(&policy, bad), Reason::BaseUrlCredentials, "{bad}");
        }
    }

    #[test]
    fn loopback_and_private_literals_are_refused_in_every_notation() {
        let policy = AddressPolicy::public_only();
        for bad in [
            "https://127.0.0.1/v2",
            "https://127.1/v2",
            "https://2130706433/v2",
            "https://0x7f000001/v2",
            "https://0x7f.0.0.1/v2",
            "https://0177.0.0.1/v2",
            "https://017700000001/v2",
            "https://0/v2",
            "https://0.0.0.0/v2",
            "https://[::1]/v2",
            "https://[::]/v2",
            "https://[::ffff:127.0.0.1]/v2",
            "https://[::ffff:7f00:1]/v2",
            "https://[::127.0.0.1]/v2",
            "https://[64:ff9b::7f00:1]/v2",
            "https://10.0.0.1/v2",
            "https://172.16.5.4/v2",
            "https://192.168.1.1/v2",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/v2",
            "https://[fe80::1]/v2",
            "https://[fc00::1]/v2",
            "https://[fd12:3456::1]/v2",
            "https://224.0.0.1/v2",
            "https://255.255.255.255/v2",
        ] {
            assert!(
                matches!(refused(&policy, bad), Reason::BaseUrlPrivate(_)),
                "{bad}"
            );
        }
    }

    #[test]
    fn plain_http_and_other_schemes_are_refused() {
        let policy = AddressPolicy::public_only();
        for bad in [
            "http://api.billysbilling.com/v2",
            "http://127.0.0.1:4000/v2",
            "ftp://api.billysbilling.com/v2",
            "file:///etc/passwd",
            "gopher://127.0.0.1:6379/_INFO",
        ] {
            assert_eq!(refused(&policy, bad), Reason::BaseUrlNotHttps, "{bad}");
        }
        for bad in [
            "api.billysbilling.com/v2",
            "https://",
            "https://api.billysbilling.com/v2?x=1",
            "https://api.billysbilling.com/v2#x",
            "not a url",
        ] {
            assert_eq!(refused(&policy, bad), Reason::BaseUrlMalformed, "{bad}");
        }
    }

    #[test]
    fn the_setting_and_the_simulator_exemption_open_exactly_what_they_say() {
        let private = AddressPolicy::allowing_private();
        assert!(private.check_url("http://127.0.0.1:4000/v2").is_ok());
        assert!(private.check_url("http://10.1.2.3/v2").is_ok());
        let sim: SocketAddr = "127.0.0.1:4000".parse().expect("addr");
        let demo = AddressPolicy::public_only().exempting(sim);
        assert!(demo.check_url("http://127.0.0.1:4000/v2").is_ok());
        assert!(matches!(
            refused(&demo, "http://127.0.0.1:4001/v2"),
            Reason::BaseUrlNotHttps
        ));
        assert!(matches!(
            refused(&demo, "https://127.0.0.1:4001/v2"),
            Reason::BaseUrlPrivate(_)
        ));
    }

    #[tokio::test]
    async fn names_resolving_to_loopback_are_refused() {
        let policy = AddressPolicy::public_only();
        let url = policy
            .check_url("https://localhost:4000/v2")
            .expect("a name passes the syntax check");
        assert_eq!(
            policy.check_resolved(&url).await,
            Err(Reason::BaseUrlPrivate("localhost".into()))
        );
        let resolved = policy
            .resolver()
            .resolve("localhost".parse().expect("name"))
            .await;
        assert!(
            resolved.is_err(),
            "the client's resolver drops loopback too"
        );
        let open = AddressPolicy::allowing_private();
        assert_eq!(open.check_resolved(&url).await, Ok(()));
    }
}

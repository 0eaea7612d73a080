//! A browser for tests: keeps cookies, does not follow redirects, and fills the
//! CSRF token of the last page into the forms it posts.

use reqwest::StatusCode;

pub struct Browser {
    base_url: String,
    client: reqwest::Client,
    csrf: std::sync::Mutex<Option<String>>,
    pub accept_language: Option<String>,
    /// Sent as `X-Forwarded-For`, as a proxy in front of the instance would.
    pub forwarded_for: Option<String>,
}

/// A page as the browser saw it.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Page {
    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text)
    }

    /// The `lang` attribute of the `<html>` element.
    pub fn html_lang(&self) -> Option<String> {
        let start = self.body.find("<html lang=\"")? + "<html lang=\"".len();
        let end = self.body[start..].find('"')?;
        Some(self.body[start..start + end].to_owned())
    }
}

impl Browser {
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            csrf: std::sync::Mutex::new(None),
            accept_language: None,
            forwarded_for: None,
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base_url)
        }
    }

    async fn read(&self, response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let location = headers.get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = response.text().await.unwrap();
        if let Some(token) = extract_csrf(&body) {
            *self.csrf.lock().unwrap() = Some(token);
        }
        Page {
            status,
            location,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let mut request = self.client.get(self.url(path));
        if let Some(language) = &self.accept_language {
            request = request.header("accept-language", language);
        }
        if let Some(address) = &self.forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        let response = request.send().await.unwrap();
        self.read(response).await
    }

    /// A download: its status, headers and bytes as they are.
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        (status, headers, response.bytes().await.unwrap().to_vec())
    }

    /// Posts a form with the CSRF token of the last page.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self
            .csrf
            .lock()
            .unwrap()
            .clone()
            .expect("a page with a form was loaded first");
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut request = self.client.post(self.url(path)).form(fields);
        if let Some(language) = &self.accept_language {
            request = request.header("accept-language", language);
        }
        if let Some(address) = &self.forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        let response = request.send().await.unwrap();
        self.read(response).await
    }

    /// Posts a multipart form with one file, and the CSRF token of the last page.
    pub async fn post_file(&self, path: &str, fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> Page {
        let token = self
            .csrf
            .lock()
            .unwrap()
            .clone()
            .expect("a page with a form was loaded first");
        let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(file_name.to_owned());
        self.post_multipart(path, form.part("file", part)).await
    }

    /// Posts a multipart form exactly as given (no CSRF token added).
    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Page {
        let response = self.client.post(self.url(path)).multipart(form).send().await.unwrap();
        self.read(response).await
    }

    /// Follows a redirect the last response gave.
    pub async fn follow(&self, page: &Page) -> Page {
        let location = page.location.clone().expect("a redirect");
        self.get(&location).await
    }

    /// Logs in through the login form; panics unless it succeeds.
    pub async fn log_in(&self, login: &str, password: &str) {
        self.get("/login").await;
        let page = self.post("/login", &[("login", login), ("password", password)]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "login failed: {}", page.body);
    }
}

fn extract_csrf(body: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_owned())
}

//! Server functions, one module per feature. Thin: resolve the organization on the
//! server, call the store, map errors to [`AppError`](crate::error::AppError).

pub mod accounts;
pub mod overview;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    //! What every server function needs: the server context and the organization.

    use leptos::prelude::use_context;
    use tracing::error;

    use crate::error::AppError;
    use crate::server::ServerCtx;
    use crate::store::Organization;

    /// Logs an internal failure once, with its cause, and returns the opaque error a
    /// user sees.
    pub fn internal(context: &str, err: impl std::fmt::Display) -> AppError {
        error!(error = %err, "{context}");
        AppError::Internal
    }

    /// The server context and the organization this request acts for.
    pub async fn request_org() -> Result<(ServerCtx, Organization), AppError> {
        let ctx = use_context::<ServerCtx>()
            .ok_or_else(|| internal("server context missing", "not provided"))?;
        let org = ctx
            .current_organization()
            .await
            .map_err(|e| internal("resolving the organization", e))?
            .ok_or_else(|| AppError::NotFound("An organization".to_string()))?;
        Ok((ctx, org))
    }
}
